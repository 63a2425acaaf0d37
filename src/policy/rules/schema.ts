import { sharedSchemaValidator } from '../schema/validator';
import { PolicyRule } from '../types';

/** Strict schema validation: what `kubectl apply --validate=strict` and the API server would reject. */
export const schemaRule: PolicyRule = {
  id: 'schema',
  severity: 'error',
  rationale: 'An object the API server rejects (unknown field, wrong type or value, unknown kind) fails the apply half-way through.',
  fix: 'Correct the named field; for an unknown kind fix apiVersion/kind, add its CRD to scripts/policy-gen-schemas.js, or vouch for it (validate --trust-kind GROUP/KIND).',
  check(run) {
    const validator = sharedSchemaValidator();
    const trusted = new Set(run.ctx.trustedKinds ?? []);
    const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
    for (const o of run.index.all) {
      if (trusted.has(`${group(o.apiVersion)}/${o.kind}`) && !validator.knows(o.apiVersion, o.kind)) continue;
      for (const issue of run.ctx.memo ? run.ctx.memo.schemaIssues(o.manifest, validator) : validator.validate(o.manifest)) run.report(o, `${issue.path}: ${issue.message}`);
    }
  },
};

export const SCHEMA_RULES: readonly PolicyRule[] = [schemaRule];
