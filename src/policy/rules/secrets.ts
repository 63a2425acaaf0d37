import { asObject } from '../k8s';
import { PolicyRule } from '../types';

const nonEmpty = (v: unknown) => {
  const o = asObject(v);
  return o !== undefined && Object.keys(o).length > 0;
};

export const noInlineSecretsRule: PolicyRule = {
  id: 'no-inline-secrets',
  severity: 'error',
  rationale: 'Secret values written into manifests end up in git, CI logs and artifact stores; outside local clusters they come from a secret manager.',
  fix: 'Create the Secret through an ExternalSecret (or another secret manager integration) and keep data/stringData out of the manifest.',
  check(run) {
    if (run.ctx.allowInlineSecretValues) return;
    for (const s of run.index.ofKind('Secret')) {
      const fields = ['data', 'stringData'].filter((f) => nonEmpty(s.manifest[f]));
      if (fields.length > 0) {
        run.report(s, `carries secret values in ${fields.join(' and ')} (keys: ${fields.flatMap((f) => Object.keys(asObject(s.manifest[f])!)).join(', ')}), which environment ${run.ctx.environment} does not allow`);
      }
    }
  },
};

export const SECRET_RULES: readonly PolicyRule[] = [noInlineSecretsRule];
