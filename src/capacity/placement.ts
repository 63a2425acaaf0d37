/** Placement: which node groups a pod can land on, from its node selector and required node affinity. */
import { arr, Obj, obj, str } from './read-workloads';

interface NodeRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** Requirement terms: the pod fits a node if the node satisfies `all` and at least one of `anyOf` (if any). */
export interface Placement {
  readonly all: readonly NodeRequirement[];
  readonly anyOf: readonly (readonly NodeRequirement[])[];
}

export function placementOf(podSpec: Obj): Placement {
  const all: NodeRequirement[] = Object.entries(obj(podSpec.nodeSelector) ?? {}).map(([key, value]) => ({
    key,
    operator: 'In',
    values: [String(value)],
  }));
  const required = obj(obj(obj(podSpec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  const anyOf = arr(required?.nodeSelectorTerms).map((t) =>
    arr(obj(t)?.matchExpressions).flatMap((e) => {
      const expr = obj(e);
      const key = str(expr?.key);
      const operator = str(expr?.operator);
      return key && operator ? [{ key, operator, values: arr(expr?.values).map(String) }] : [];
    }),
  );
  return { all, anyOf };
}

/** Whether a node with `labels` satisfies `req`. Keys outside `known` are unknown to the profile and assumed satisfied. */
function satisfies(req: NodeRequirement, labels: Readonly<Record<string, string>>, known: ReadonlySet<string>): boolean {
  if (!known.has(req.key)) return true;
  const value = labels[req.key];
  switch (req.operator) {
    case 'In':
      return value !== undefined && req.values.includes(value);
    case 'NotIn':
      return value === undefined || !req.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(req.values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(req.values[0]);
    default:
      return true;
  }
}

export function placementMatches(p: Placement, labels: Readonly<Record<string, string>>, known: ReadonlySet<string>): boolean {
  return p.all.every((r) => satisfies(r, labels, known)) && (p.anyOf.length === 0 || p.anyOf.some((term) => term.every((r) => satisfies(r, labels, known))));
}

export function touchesRoles(p: Placement, known: ReadonlySet<string>): boolean {
  return [...p.all, ...p.anyOf.flat()].some((r) => known.has(r.key));
}
