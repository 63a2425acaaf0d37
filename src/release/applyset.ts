/**
 * kubectl ApplySets (KEP 3659): the parent object that records which objects a `kubectl apply --prune`
 * owns, and its id, computed exactly as kubectl computes it
 * (`staging/src/k8s.io/kubectl/pkg/cmd/apply/applyset.go`, `ApplySet.ID()`).
 */
import { createHash } from 'node:crypto';

/** The label on the parent holding the ApplySet id (and, on members, `applyset.kubernetes.io/part-of`). */
export const APPLYSET_ID_LABEL = 'applyset.kubernetes.io/id';
/** The label kubectl puts on every member; input objects must not carry it (kubectl refuses them). */
export const APPLYSET_PART_OF_LABEL = 'applyset.kubernetes.io/part-of';
/** Annotation naming the tool that manages the set; kubectl refuses parents whose tool is not `kubectl`. */
export const APPLYSET_TOOLING_ANNOTATION = 'applyset.kubernetes.io/tooling';
/** Annotation listing the group-kinds of the members, which kubectl lists when it prunes. */
export const APPLYSET_GROUP_KINDS_ANNOTATION = 'applyset.kubernetes.io/contains-group-kinds';

/** The object an ApplySet hangs off. */
export interface ApplySetParent {
  /** Parent name. */
  readonly name: string;
  /** Namespace of a namespaced parent; `''` for a cluster-scoped (custom resource) parent. */
  readonly namespace: string;
  /** Kind: `Secret` or `ConfigMap` (kubectl's built-in parents) or a custom resource kind. */
  readonly kind: string;
  /** API group; `''` for the core group. */
  readonly group: string;
}

/**
 * The `applyset.kubernetes.io/id` of a parent: `applyset-` + base64url (no padding) of
 * sha256(`<name>.<namespace>.<kind>.<group>`) + `-v1`.
 */
export function applySetId(parent: ApplySetParent): string {
  const unencoded = [parent.name, parent.namespace, parent.kind, parent.group].join('.');
  return `applyset-${createHash('sha256').update(unencoded).digest('base64url')}-v1`;
}

/** A group-kind as kubectl writes it: `Kind` for the core group, `Kind.group` otherwise. */
export function groupKind(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group ? `${kind}.${group}` : kind;
}

/** The `contains-group-kinds` value kubectl writes for a set of objects: unique, sorted, comma-separated. */
export function containsGroupKinds(objects: readonly { apiVersion: string; kind: string }[]): string {
  return [...new Set(objects.map((o) => groupKind(o.apiVersion, o.kind)))].sort().join(',');
}

/** The `--applyset` argument for a built-in parent: `secrets/NAME` or `configmaps/NAME`. */
export function applySetFlag(parent: ApplySetParent): string {
  const resource = { Secret: 'secrets', ConfigMap: 'configmaps' }[parent.kind];
  if (!resource || parent.group !== '') throw new Error(`${parent.kind}: only kubectl's built-in parents (Secret, ConfigMap) have a generated flag`);
  return `${resource}/${parent.name}`;
}
