import { asObject } from '../manifests/json';

export { asNumber, asObject, asString, dig, objectsOf, stringMap, stringsOf } from '../manifests/json';
export type { Json } from '../manifests/json';
export { POD_BEARING_KINDS } from '../manifests/kinds';
export { containersOf, describeContainer, podTemplateOf } from '../manifests/pod-template';
export type { ContainerRef, PodTemplate } from '../manifests/pod-template';

/** Order-independent structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  const oa = asObject(a);
  const ob = asObject(b);
  if (!oa || !ob) return false;
  const ka = Object.keys(oa).filter((k) => oa[k] !== undefined);
  const kb = Object.keys(ob).filter((k) => ob[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual(oa[k], ob[k]));
}

