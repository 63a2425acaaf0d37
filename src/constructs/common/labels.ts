import { LABEL_COMPONENT, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, LABEL_VERSION, MANAGED_BY } from '../../manifests/labels';

export { LABEL_COMPONENT, LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, LABEL_VERSION, MANAGED_BY, MIGRATION_COMPONENT } from '../../manifests/labels';

/** Labels that select one workload's pods. Stable for the life of the workload (selectors are immutable). */
export function selectorLabels(name: string, partOf: string): Record<string, string> {
  return { [LABEL_NAME]: name, [LABEL_PART_OF]: partOf };
}

/** The standard labels of an object that belongs to a workload or component. */
export function standardLabels(opts: { name: string; partOf: string; component: string; version?: string }): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels(opts.name, opts.partOf),
    [LABEL_COMPONENT]: opts.component,
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
  if (opts.version) labels[LABEL_VERSION] = opts.version;
  return labels;
}
