/** The label keys every object carries (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const MANAGED_BY = 'shipyard-k8s';

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
