/** Typed reading of plain-JSON Kubernetes objects (every access checked). */

import { asObject as obj, dig, objectsOf as list } from './json';
import type { Json } from './json';
import { WORKLOAD_KINDS } from './kinds';

export { dig, list, obj };
export type { Json };

/** A Kubernetes object as rendered or read from YAML. */
export interface K8sObject {
  readonly apiVersion?: unknown;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

/** The value as display text: strings, and numbers and booleans written out. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str).filter((x): x is string => x !== undefined) : [];
}

export function stringMap(v: unknown): Record<string, string> {
  const o = obj(v);
  const out: Record<string, string> = {};
  if (o) for (const [k, val] of Object.entries(o)) if (str(val) !== undefined) out[k] = str(val)!;
  return out;
}

export function nameOf(o: K8sObject): string {
  return o.metadata?.name ?? '';
}

/** `Kind/name`, the label objects are listed by. */
export function labelOf(o: K8sObject): string {
  return `${o.kind}/${nameOf(o)}`;
}

/** Identity of an object: kind, namespace, name. */
export function keyOf(o: K8sObject): string {
  return `${o.kind}/${o.metadata?.namespace ?? ''}/${nameOf(o)}`;
}

/** The pod template labels of a Deployment or StatefulSet. */
export function podLabels(workload: K8sObject): Record<string, string> {
  return stringMap(dig(workload, 'spec', 'template', 'metadata', 'labels'));
}

/** The pod spec of a Deployment or StatefulSet. */
export function podSpec(workload: K8sObject): Json {
  return obj(dig(workload, 'spec', 'template', 'spec')) ?? {};
}

export { WORKLOAD_KINDS };

export function isWorkload(o: K8sObject): boolean {
  return WORKLOAD_KINDS.has(o.kind);
}
