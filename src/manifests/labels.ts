/** Label keys and values with a meaning across constructs, release and policy. */

/** The label keys every object carries (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_VERSION = 'app.kubernetes.io/version';
export const MANAGED_BY = 'shipyard-k8s';
/** `app.kubernetes.io/component` of a database migration Job: the release gives it a stage of its own. */
export const MIGRATION_COMPONENT = 'migration';

