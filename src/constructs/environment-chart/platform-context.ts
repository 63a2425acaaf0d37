import { IConstruct } from 'constructs';

/** Construct context key holding the `app.kubernetes.io/part-of` value of a chart's objects. */
export const PART_OF_CONTEXT = 'shipyard:partOf';

/** The platform (`app.kubernetes.io/part-of`) a construct belongs to; set by `EnvironmentChart`. */
export function platformOf(scope: IConstruct): string {
  return String(scope.node.tryGetContext(PART_OF_CONTEXT) ?? 'shop');
}
