/**
 * Validation and policy engine: pure functions over synthesized Kubernetes objects, run before anything is
 * written. Strict schema validation (Kubernetes 1.28 + imported CRDs) and policy rules, with waivers attached
 * to constructs in code.
 */
export type { CheckContext, ImageLockCheck, CheckedObject, CheckMemo, CheckResult, Finding, PolicyRule, ProvidedObject, RuleRun, Severity, WaivedFinding, Waiver } from './types';
export { checkObjects, formatFinding, formatResult, hasErrors } from './engine';
export { RULES, ruleById } from './rules';
export { waive, waiversFor, WAIVER_METADATA_TYPE } from './waivers';
export { loadManifestDir, parseManifests } from './load';
export { collectObjects } from './collect';
export { DEFAULT_SYSTEM_NAMESPACES } from './rules/namespaces';
export { labelKeyProblem, labelValueProblem } from './labels';
export { imagePinProblem } from './rules/images';
export type { SchemaIssue, SchemaBundle } from './schema/validator';
export { SchemaValidator, sharedSchemaValidator, SCHEMA_BUNDLE } from './schema/validator';
export type { IndexedObject } from './object-index';
export { ObjectIndex } from './object-index';
