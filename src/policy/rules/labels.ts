import { asObject, dig, objectsOf } from '../k8s';
import { labelKeyProblem, labelValueProblem } from '../labels';
import { IndexedObject } from '../object-index';
import { PolicyRule, RuleRun } from '../types';

/** Every label map of an object, with its dotted path: metadata, pod/job templates, selectors, claim templates. */
function labelMaps(o: IndexedObject): { path: string; labels: unknown }[] {
  const m = o.manifest;
  const maps: { path: string; labels: unknown }[] = [{ path: 'metadata.labels', labels: dig(m, 'metadata', 'labels') }];
  if (o.pod && o.pod.metadataPath !== 'metadata') maps.push({ path: `${o.pod.metadataPath}.labels`, labels: o.pod.rawLabels });
  if (o.kind === 'CronJob') maps.push({ path: 'spec.jobTemplate.metadata.labels', labels: dig(m, 'spec', 'jobTemplate', 'metadata', 'labels') });
  if (o.kind === 'Service') maps.push({ path: 'spec.selector', labels: dig(m, 'spec', 'selector') });
  else maps.push({ path: 'spec.selector.matchLabels', labels: dig(m, 'spec', 'selector', 'matchLabels') });
  if (o.kind === 'NetworkPolicy') maps.push({ path: 'spec.podSelector.matchLabels', labels: dig(m, 'spec', 'podSelector', 'matchLabels') });
  objectsOf(dig(m, 'spec', 'volumeClaimTemplates')).forEach((t, i) =>
    maps.push({ path: `spec.volumeClaimTemplates[${i}].metadata.labels`, labels: dig(t, 'metadata', 'labels') }),
  );
  return maps;
}

function checkLabels(run: RuleRun, o: IndexedObject): void {
  for (const { path, labels } of labelMaps(o)) {
    const map = asObject(labels);
    if (!map) continue;
    for (const [key, value] of Object.entries(map)) {
      const keyProblem = labelKeyProblem(key);
      if (keyProblem) run.report(o, `${path}: invalid label key ${JSON.stringify(key)}: ${keyProblem}`);
      const valueProblem = labelValueProblem(value);
      if (valueProblem) run.report(o, `${path}[${JSON.stringify(key)}]: invalid label value ${JSON.stringify(value)}: ${valueProblem}`);
    }
  }
}

/** Label keys and values the API server accepts (schema validation only says "string"). */
export const validLabelsRule: PolicyRule = {
  id: 'valid-labels',
  severity: 'error',
  rationale: 'The API server rejects objects whose label keys or values break the label syntax, which the schema does not check.',
  fix: 'Use keys like "example.com/name" (DNS-subdomain prefix, name of letters/digits/-_.) and values of at most 63 such characters.',
  check(run) {
    for (const o of run.index.all) checkLabels(run, o);
  },
};

export const LABEL_RULES: readonly PolicyRule[] = [validLabelsRule];
