/**
 * The capacity check: reads the pod-running objects ({@link readWorkload}), works out each pod's
 * request ({@link podRequest}) and where it may run ({@link placementOf}), assigns the demand to the
 * node groups ({@link spreadDemands}) and reports ({@link summaryText}).
 */
import { SCALABLE_KINDS } from '../manifests/kinds';
import { ResolvedProfile } from '../profiles/resolved-profile';
import { buildGroups, Group, SharedDemand, spreadDemands } from './allocate';
import { placementMatches, placementOf, touchesRoles } from './placement';
import { podRequest } from './pod-request';
import { hpaMaximum, indexHpas, label, flatten, Obj, obj, RawWorkload, readWorkload, str, targetKey } from './read-workloads';
import { CapacityOptions, CapacityReport, SYSTEM_RESERVE_PER_NODE, WorkloadDemand } from './report-types';
import { groupReport, summaryText } from './report-text';
import { add, amount, headroomPercent, MIB, scale, sub, Vec, ZERO } from './resources';

/**
 * Checks that the node groups of `profile` hold every workload in `manifests` at its maximum scale.
 *
 * - Replicas at maximum: an HPA's `maxReplicas` when one targets the workload, else `spec.replicas`
 *   (default 1); Jobs and CronJobs count `parallelism` (default 1) as if running at the peak; a
 *   DaemonSet runs one pod on every node of the groups it can use, at their maximum size.
 * - Pod request: containers plus native sidecars, against the largest init-container step, plus
 *   `overhead`; a missing request takes the limit, as the API server defaults it.
 * - Capacity: Σ groups of `maxNodes` × (allocatable − `systemReserve`).
 * - Placement: nodes of a group with a role carry `placement.roles[role]`; groups without a role carry
 *   none of those labels. A pod whose `nodeSelector` or required node affinity names a role label
 *   counts against the groups whose labels satisfy it. A pod that names no role label goes to the
 *   groups without a role, or to every group when all have one (bare metal without a general pool).
 *   DaemonSets without a role selector run on every group. Labels the profile does not know are
 *   assumed present; taints and tolerations are not modelled.
 * - Demand a pod could place on several groups is split over them in proportion to their free
 *   capacity, most constrained workloads first — exact when the groups' scopes nest or are disjoint,
 *   as role scopes are. Per-node bin packing is not modelled beyond "a pod must fit on one node";
 *   use `minHeadroomPercent` for the packing loss.
 *
 * A profile without node groups (minikube) yields `checked: false` and `fits: true`.
 */
export function checkCapacity(
  profile: ResolvedProfile,
  manifests: readonly Record<string, unknown>[],
  options: CapacityOptions = {},
): CapacityReport {
  const reserve: Vec = {
    cpu: (options.systemReserve ?? SYSTEM_RESERVE_PER_NODE).cpuMillis,
    mem: (options.systemReserve ?? SYSTEM_RESERVE_PER_NODE).memoryMiB * MIB,
  };
  const minHeadroom = options.minHeadroomPercent ?? 0;
  const warnings: string[] = [];
  const problems: string[] = [];

  const objects = flatten(manifests);
  const raw = objects.map(readWorkload).filter((w): w is RawWorkload => w !== undefined);

  if (profile.placement.nodeGroups.length === 0) {
    const zero = amount(ZERO);
    return {
      environment: profile.name,
      checked: false,
      fits: true,
      required: zero,
      available: zero,
      headroom: zero,
      headroomPercent: { cpu: 0, memory: 0 },
      systemReserve: amount(reserve),
      groups: [],
      workloads: [],
      problems: [],
      warnings: [],
      summary: `${profile.name}: capacity not checked (the profile has no placement.nodeGroups)`,
    };
  }

  // Role labels the profile knows; a pod naming one of them is placed by role.
  const known = new Set(Object.values(profile.placement.roles).flatMap((l) => Object.keys(l ?? {})));
  const groups = buildGroups(profile, reserve, warnings, problems);
  const unroled = groups.filter((g) => !g.profile.role);

  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  const hpasByTarget = indexHpas(hpas);
  const usedHpas = new Set<Obj>();

  interface Placed {
    readonly w: RawWorkload;
    readonly pod: Vec;
    readonly eligible: readonly Group[];
  }
  const placed: Placed[] = [];
  for (const w of raw) {
    const pod = podRequest(w.podSpec, label(w), warnings);
    const placement = placementOf(w.podSpec);
    let eligible = groups.filter((g) => placementMatches(placement, g.labels, known));
    if (!touchesRoles(placement, known) && w.kind !== 'DaemonSet' && unroled.length > 0) {
      eligible = eligible.filter((g) => !g.profile.role);
    }
    if (eligible.length === 0) problems.push(`${label(w)}: no node group matches its node selector / affinity`);
    placed.push({ w, pod, eligible });
  }

  // DaemonSet pods occupy every eligible node: they shrink what one node offers other pods.
  const perNodeDaemons = new Map<Group, Vec>(groups.map((g) => [g, ZERO]));
  for (const p of placed) {
    if (p.w.kind === 'DaemonSet') for (const g of p.eligible) perNodeDaemons.set(g, add(perNodeDaemons.get(g) ?? ZERO, p.pod));
  }

  const workloads: WorkloadDemand[] = [];
  const demands: SharedDemand[] = [];
  for (const p of placed) {
    let replicas: number;
    let replicasFrom = p.w.replicasFrom;
    if (p.w.kind === 'DaemonSet') {
      replicas = p.eligible.reduce((n, g) => n + g.profile.maxNodes, 0);
    } else {
      const hpaMax = SCALABLE_KINDS.has(p.w.kind) ? hpaMaximum(hpasByTarget.get(targetKey(p.w.kind, p.w.name)) ?? [], p.w, usedHpas, warnings) : undefined;
      if (hpaMax !== undefined) replicasFrom = 'hpa';
      replicas = hpaMax ?? p.w.replicas ?? 1;
      // A pod must fit on a single node of some eligible group.
      if (replicas > 0 && p.eligible.length > 0) {
        const fitsOnANode = p.eligible.some((g) => {
          const free = sub(g.perNode, perNodeDaemons.get(g) ?? ZERO);
          return p.pod.cpu <= free.cpu && p.pod.mem <= free.mem;
        });
        if (!fitsOnANode) {
          const { cpuMillis, memoryMiB } = amount(p.pod);
          problems.push(`${label(p.w)}: one pod (${cpuMillis}m CPU, ${memoryMiB}Mi) is larger than what a node of ${p.eligible.map((g) => g.profile.name).join('/')} offers`);
        }
      }
    }
    const total = scale(p.pod, replicas);
    if (p.w.kind === 'DaemonSet') {
      for (const g of p.eligible) g.required = add(g.required, scale(p.pod, g.profile.maxNodes));
    } else if (p.eligible.length > 0) {
      demands.push({ eligible: p.eligible, total });
    }
    workloads.push({
      kind: p.w.kind,
      name: p.w.name,
      ...(p.w.namespace !== undefined ? { namespace: p.w.namespace } : {}),
      replicas,
      replicasFrom,
      podRequest: amount(p.pod),
      total: amount(total),
      groups: p.eligible.map((g) => g.profile.name),
    });
  }
  for (const hpa of hpas) {
    if (usedHpas.has(hpa)) continue;
    const ref = obj(obj(hpa.spec)?.scaleTargetRef);
    warnings.push(`HorizontalPodAutoscaler ${str(obj(hpa.metadata)?.name) ?? '(unnamed)'}: its target ${str(ref?.kind) ?? '?'} ${str(ref?.name) ?? '?'} is not among the manifests`);
  }

  spreadDemands(demands);
  const groupReports = groups.map((g) => groupReport(g, minHeadroom));

  const available = groups.reduce((s, g) => add(s, g.available), ZERO);
  const required = groups.reduce((s, g) => add(s, g.required), ZERO);
  const headroom = sub(available, required);
  const pct = headroomPercent(headroom, available);
  const fits = problems.length === 0 && groupReports.every((g) => g.fits);

  const summary = summaryText(profile.name, { fits, required, available, pct, groups: groupReports, problems, minHeadroom });

  return {
    environment: profile.name,
    checked: true,
    fits,
    required: amount(required),
    available: amount(available),
    headroom: amount(headroom),
    headroomPercent: pct,
    systemReserve: amount(reserve),
    groups: groupReports,
    workloads,
    problems,
    warnings,
    summary,
  };
}
