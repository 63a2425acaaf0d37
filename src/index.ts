/**
 * shipyard-k8s: typed cdk8s constructs that describe a web platform once and synthesize
 * apply-ready Kubernetes manifests for every place it runs.
 *
 * Read top-down:
 * - `profiles/`   — the environment model (`EnvironmentProfile`), its validation, the built-in
 *                   environments, and the names shared with the Google Cloud side;
 * - `constructs/` — the constructs (`EnvironmentChart`, `WebService`, `Worker`, `EdgeProxy`,
 *                   `RedisCache`, `MySqlDatabase`, `MessageQueue`, `SharedVolume`, `AppConfig`,
 *                   `SecretReference`, `MetalLbAddressPools`);
 * - `policy/`     — the schema and policy gate every object passes before it is written;
 * - `capacity/`   — does the environment hold every workload at its maximum?
 * - `synth/`      — render environments in memory and check them;
 * - `output/`     — write everything a run produces (manifests and Terraform stacks) in one atomic,
 *                   journaled switch, with a lock and crash recovery;
 * - `release/`    — what a release adds: stages as kubectl ApplySets, `apply.sh`,
 *                   `Kustomization`, the release manifest;
 * - `project/`    — `defineProject` (what `shipyard.config.ts` exports) and environment files.
 *
 * The Google Cloud (cdktf) constructs live in a separate entry point, `@shipyard/k8s/infra`, so
 * this one never loads cdktf or the Google provider.
 *
 * @packageDocumentation
 */
export * from './errors';
export * from './profiles';
export * from './constructs';
export { checkObjects, formatFinding, loadManifestDir, waive, waiversFor, RULES, DEFAULT_SYSTEM_NAMESPACES } from './policy';
export type { CheckContext, ImageLockCheck, CheckedObject, CheckMemo, CheckResult, Finding, PolicyRule, ProvidedObject, RuleRun, Severity, Waiver, WaivedFinding } from './policy';
export { ObjectIndex, SchemaValidator } from './policy';
export type { IndexedObject, SchemaBundle, SchemaIssue } from './policy';
export { checkCapacity, SYSTEM_RESERVE_PER_NODE } from './capacity';
export type { CapacityOptions, CapacityReport, GroupCapacity, HeadroomPercent, ReplicaSource, ResourceAmount, WorkloadDemand } from './capacity';
export * from './synth';
export * from './release';
export * from './output';
export * from './project';
export type { NetworkRanges } from './infra/network-ranges';
export * from './contract';
export * from './images';
