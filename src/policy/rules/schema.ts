import { sharedSchemaValidator } from '../schema/validator';
import { PolicyRule } from '../types';

/** Strict schema validation: what `kubectl apply --validate=strict` and the API server would reject. */
export const schemaRule: PolicyRule = {
  id: 'schema',
  severity: 'error',
  rationale: 'An object the API server rejects (unknown field, wrong type or value, unknown kind) fails the apply half-way through.',
  fix: 'Correct the named field; for an unknown kind fix apiVersion/kind, or add its CRD to scripts/policy-gen-schemas.js.',
  check(run) {
    const validator = sharedSchemaValidator();
    for (const o of run.index.all) {
      for (const issue of validator.validate(o.manifest)) run.report(o, `${issue.path}: ${issue.message}`);
    }
  },
};

export const SCHEMA_RULES: readonly PolicyRule[] = [schemaRule];
