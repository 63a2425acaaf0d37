/** The node groups at their maximum size, and demand assigned to them. */
import { ResolvedNodeGroup, ResolvedProfile } from '../profiles/resolved-profile';
import { max, MIB, scale, sub, Vec, ZERO } from './resources';

/** A node group with what it offers and what has been assigned to it. */
export interface Group {
  readonly profile: ResolvedNodeGroup;
  readonly labels: Readonly<Record<string, string>>;
  /** Per node, after the system reserve. */
  readonly perNode: Vec;
  readonly available: Vec;
  required: Vec;
}

/** Node groups of the profile; a group's nodes carry its role's labels. */
export function buildGroups(profile: ResolvedProfile, reserve: Vec, warnings: string[], problems: string[]): Group[] {
  const roleLabels = profile.placement.roles;
  return profile.placement.nodeGroups.map((g) => {
    const labels = g.role ? roleLabels[g.role] : {};
    if (g.role && !labels) warnings.push(`node group ${g.name}: role "${g.role}" has no labels in placement.roles; only pods without a role selector can use it`);
    const perNode = sub({ cpu: g.allocatableCpuMillis, mem: g.allocatableMemoryMiB * MIB }, reserve);
    if (perNode.cpu <= 0 || perNode.mem <= 0) problems.push(`node group ${g.name}: the system reserve leaves nothing allocatable on a node`);
    return { profile: g, labels: labels ?? {}, perNode, available: scale(max(perNode, ZERO), g.maxNodes), required: ZERO };
  });
}

/** Demand a workload may place on any of several groups. */
export interface SharedDemand {
  readonly eligible: readonly Group[];
  readonly total: Vec;
}

/**
 * Assigns shared demand, most constrained first, in proportion to each group's free capacity: exact
 * when the groups' scopes nest or are disjoint, as role scopes are.
 */
export function spreadDemands(demands: SharedDemand[]): void {
  demands.sort((a, b) => a.eligible.length - b.eligible.length);
  for (const d of demands) {
    for (const resource of ['cpu', 'mem'] as const) {
      const free = d.eligible.map((g) => Math.max(0, g.available[resource] - g.required[resource]));
      const totalFree = free.reduce((s, f) => s + f, 0);
      const totalCap = d.eligible.reduce((s, g) => s + g.available[resource], 0);
      d.eligible.forEach((g, i) => {
        // With no free capacity left anywhere, spread the overflow by size so the report shows it.
        const share = totalFree > 0 ? free[i] / totalFree : totalCap > 0 ? g.available[resource] / totalCap : 1 / d.eligible.length;
        g.required = { ...g.required, [resource]: g.required[resource] + d.total[resource] * share };
      });
    }
  }
}
