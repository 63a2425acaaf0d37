import { SCALABLE_KINDS } from '../manifests/kinds';
import { asObject, asString } from '../manifests/json';
import { ShipyardError } from '../errors';
import { NodeRole } from '../profiles/environment-profile';
import { ResolvedNodeGroup, ResolvedProfile } from '../profiles/resolved-profile';
import { parseCpuMillis, parseMemoryBytes } from '../manifests/quantity';

/** An amount of CPU and memory. */
export interface ResourceAmount {
  /** CPU in millicores. */
  readonly cpuMillis: number;
  /** Memory in MiB (one decimal). */
  readonly memoryMiB: number;
}

/** Headroom as a percentage of what is available. Negative when short. */
export interface HeadroomPercent {
  /** CPU headroom in percent (one decimal). */
  readonly cpu: number;
  /** Memory headroom in percent (one decimal). */
  readonly memory: number;
}

/**
 * What each node loses to pods the platform does not declare: the cluster's own DaemonSets (on GKE
 * Standard: kube-proxy 100m, gke-metadata-server for Workload Identity 100m/100Mi, fluentbit-gke,
 * gke-metrics-agent, pdcsi-node, netd — together about 200m CPU and 300Mi) and on bare metal the
 * CNI, kube-proxy, MetalLB speaker and node exporter, which are of the same order. Node
 * `allocatable` already excludes the kubelet's system and kube reservations, so this comes on top.
 * Measure a real node with `kubectl describe node` and pass `systemReserve` when it differs.
 */
export const SYSTEM_RESERVE_PER_NODE: ResourceAmount = { cpuMillis: 200, memoryMiB: 300 };

/** Options of {@link checkCapacity}. */
export interface CapacityOptions {
  /**
   * Per-node overhead of pods not in the manifests, subtracted from every node's allocatable.
   * @default SYSTEM_RESERVE_PER_NODE
   */
  readonly systemReserve?: ResourceAmount;
  /**
   * Headroom (percent of available, per resource and per group) below which the environment does
   * not count as fitting. Bin-packing waste and rolling updates (`maxSurge`) need some.
   * @default 0
   */
  readonly minHeadroomPercent?: number;
}

/** Where a workload's replica count at maximum scale came from. */
export type ReplicaSource = 'hpa' | 'spec' | 'default' | 'daemonset' | 'job';

/** One workload's demand at maximum scale. */
export interface WorkloadDemand {
  /** Object kind (`Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `CronJob`, `Pod`, ...). */
  readonly kind: string;
  /** Object name. */
  readonly name: string;
  /**
   * Object namespace.
   * @default - not set on the object
   */
  readonly namespace?: string;
  /** Replicas at maximum scale (for a DaemonSet: nodes it runs on at the groups' maximum size). */
  readonly replicas: number;
  /** Where `replicas` came from. */
  readonly replicasFrom: ReplicaSource;
  /** Effective request of one pod (containers, init containers and sidecars by the Kubernetes rules, plus overhead). */
  readonly podRequest: ResourceAmount;
  /** `replicas` × `podRequest`. */
  readonly total: ResourceAmount;
  /** Names of the node groups its pods can be placed on. */
  readonly groups: readonly string[];
}

/** One node group at its maximum size. */
export interface GroupCapacity {
  /** Group name from the profile. */
  readonly name: string;
  /**
   * The group's role.
   * @default - no role
   */
  readonly role?: NodeRole;
  /** Nodes at maximum size. */
  readonly maxNodes: number;
  /** `maxNodes` × (allocatable − system reserve). */
  readonly available: ResourceAmount;
  /** Demand placed on this group (shared demand split in proportion to free capacity). */
  readonly required: ResourceAmount;
  /** `available` − `required`. */
  readonly headroom: ResourceAmount;
  /** Headroom in percent of `available`. */
  readonly headroomPercent: HeadroomPercent;
  /** Whether `required` fits with at least `minHeadroomPercent`. */
  readonly fits: boolean;
}

/** The answer to "does the environment hold the platform at maximum scale?". */
export interface CapacityReport {
  /** Environment name. */
  readonly environment: string;
  /** False when the profile has no node groups (minikube): nothing was checked and `fits` is true. */
  readonly checked: boolean;
  /** True when every group holds its demand and every workload can be placed. */
  readonly fits: boolean;
  /** Total demand at maximum scale. */
  readonly required: ResourceAmount;
  /** Total capacity at maximum size, after the system reserve. */
  readonly available: ResourceAmount;
  /** `available` − `required`. */
  readonly headroom: ResourceAmount;
  /** Headroom in percent of `available`. */
  readonly headroomPercent: HeadroomPercent;
  /** The system reserve that was subtracted per node. */
  readonly systemReserve: ResourceAmount;
  /** Per node group. */
  readonly groups: readonly GroupCapacity[];
  /** Per workload. */
  readonly workloads: readonly WorkloadDemand[];
  /** Reasons `fits` is false, beyond groups being short (unplaceable workloads, pods larger than any node). */
  readonly problems: readonly string[];
  /** Things that do not fail the check but make it less certain (containers without requests, HPAs without target). */
  readonly warnings: readonly string[];
  /** One line for the synth log. */
  readonly summary: string;
}

// ------------------------------------------------------------------------------------------------
// Manifest reading. Objects are plain JSON, so every access is checked.

type Obj = Record<string, unknown>;
const MIB = 2 ** 20;

const obj = asObject;
const str = asString;
function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Internal resource vector: millicores and bytes. */
interface Vec {
  cpu: number;
  mem: number;
}
const ZERO: Vec = { cpu: 0, mem: 0 };
const add = (a: Vec, b: Vec): Vec => ({ cpu: a.cpu + b.cpu, mem: a.mem + b.mem });
const max = (a: Vec, b: Vec): Vec => ({ cpu: Math.max(a.cpu, b.cpu), mem: Math.max(a.mem, b.mem) });
const scale = (a: Vec, n: number): Vec => ({ cpu: a.cpu * n, mem: a.mem * n });
const sub = (a: Vec, b: Vec): Vec => ({ cpu: a.cpu - b.cpu, mem: a.mem - b.mem });

function amount(v: Vec): ResourceAmount {
  return { cpuMillis: Math.round(v.cpu), memoryMiB: Math.round((v.mem / MIB) * 10) / 10 };
}
function percent(headroom: number, available: number): number {
  if (available <= 0) return headroom < 0 ? -100 : 0;
  return Math.round((headroom / available) * 1000) / 10;
}
function headroomPercent(headroom: Vec, available: Vec): HeadroomPercent {
  return { cpu: percent(headroom.cpu, available.cpu), memory: percent(headroom.mem, available.mem) };
}

interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}
const label = (w: WorkloadRef) => `${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name}`;

/** A container's request per resource; a missing request defaults to the limit, as the API server does. */
function containerRequest(container: Obj, where: string, warnings: string[]): Vec {
  const resources = obj(container.resources);
  const requests = obj(resources?.requests) ?? {};
  const limits = obj(resources?.limits) ?? {};
  const pick = (key: 'cpu' | 'memory'): string | number | undefined => {
    const value = requests[key] ?? limits[key];
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  };
  const cpu = pick('cpu');
  const memory = pick('memory');
  const name = str(container.name) ?? '(unnamed)';
  const missing = [cpu === undefined ? 'cpu' : '', memory === undefined ? 'memory' : ''].filter(Boolean);
  if (missing.length) warnings.push(`${where} container ${name}: no ${missing.join('/')} request; counted as 0`);
  const parse = <T>(fn: (q: string | number) => T, q: string | number, field: string): T => {
    try {
      return fn(q);
    } catch (e) {
      throw new ShipyardError(`${where} container ${name}: resources.*.${field}: ${(e as Error).message}`);
    }
  };
  return {
    cpu: cpu === undefined ? 0 : parse(parseCpuMillis, cpu, 'cpu'),
    mem: memory === undefined ? 0 : parse(parseMemoryBytes, memory, 'memory'),
  };
}

/**
 * Effective pod request by the Kubernetes rules (including native sidecars, KEP-753):
 * max(Σ containers + Σ sidecars, max over init containers i of (request_i + Σ sidecars started before i)) + overhead.
 */
function podRequest(podSpec: Obj, where: string, warnings: string[]): Vec {
  let sidecars = ZERO;
  let initPeak = ZERO;
  for (const c of arr(podSpec.initContainers)) {
    const container = obj(c);
    if (!container) continue;
    const request = containerRequest(container, where, warnings);
    if (container.restartPolicy === 'Always') {
      sidecars = add(sidecars, request);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(request, sidecars));
    }
  }
  let regular = ZERO;
  for (const c of arr(podSpec.containers)) {
    const container = obj(c);
    if (container) regular = add(regular, containerRequest(container, where, warnings));
  }
  // RuntimeClass overhead (spec.overhead) is counted on top, as the scheduler does.
  const extra = containerRequest({ name: '(pod overhead)', resources: { requests: obj(podSpec.overhead) ?? {} } }, where, []);
  return add(max(add(regular, sidecars), initPeak), extra);
}

// ------------------------------------------------------------------------------------------------
// Placement: which node groups can a pod land on?

interface NodeRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** Requirement terms: the pod fits a node if the node satisfies `all` and at least one of `anyOf` (if any). */
interface Placement {
  readonly all: readonly NodeRequirement[];
  readonly anyOf: readonly (readonly NodeRequirement[])[];
}

function placementOf(podSpec: Obj): Placement {
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

function matches(p: Placement, labels: Readonly<Record<string, string>>, known: ReadonlySet<string>): boolean {
  return p.all.every((r) => satisfies(r, labels, known)) && (p.anyOf.length === 0 || p.anyOf.some((term) => term.every((r) => satisfies(r, labels, known))));
}

function touchesRoles(p: Placement, known: ReadonlySet<string>): boolean {
  return [...p.all, ...p.anyOf.flat()].some((r) => known.has(r.key));
}

// ------------------------------------------------------------------------------------------------
// Workloads.

interface RawWorkload extends WorkloadRef {
  readonly podSpec: Obj;
  readonly replicas?: number;
  readonly replicasFrom: ReplicaSource;
}

function flatten(manifests: readonly Record<string, unknown>[]): Obj[] {
  return manifests.flatMap((m) => (m.kind === 'List' ? arr(m.items).flatMap((i) => (obj(i) ? [obj(i) as Obj] : [])) : [m]));
}

function readWorkload(o: Obj): RawWorkload | undefined {
  const kind = str(o.kind);
  const meta = obj(o.metadata);
  const name = str(meta?.name) ?? '(unnamed)';
  const namespace = str(meta?.namespace);
  const spec = obj(o.spec);
  if (!kind || !spec) return undefined;
  if (SCALABLE_KINDS.has(kind)) {
    const podSpec = obj(obj(spec.template)?.spec);
    const replicas = int(spec.replicas);
    return podSpec ? { kind, name, namespace, podSpec, replicas: replicas ?? 1, replicasFrom: replicas === undefined ? 'default' : 'spec' } : undefined;
  }
  if (kind === 'DaemonSet') {
    const podSpec = obj(obj(spec.template)?.spec);
    return podSpec ? { kind, name, namespace, podSpec, replicasFrom: 'daemonset' } : undefined;
  }
  if (kind === 'Job' || kind === 'CronJob') {
    const jobSpec = kind === 'Job' ? spec : obj(obj(spec.jobTemplate)?.spec);
    const podSpec = obj(obj(jobSpec?.template)?.spec);
    return podSpec ? { kind, name, namespace, podSpec, replicas: int(jobSpec?.parallelism) ?? 1, replicasFrom: 'job' } : undefined;
  }
  if (kind === 'Pod') return { kind, name, namespace, podSpec: spec, replicas: 1, replicasFrom: 'spec' };
  return undefined;
}

const targetKey = (kind: string | undefined, name: string | undefined) => `${kind ?? ''}\u0000${name ?? ''}`;

/** HPAs by the kind and name of their scaleTargetRef, in input order (so a lookup costs its bucket, not every HPA). */
function indexHpas(hpas: readonly Obj[]): Map<string, Obj[]> {
  const index = new Map<string, Obj[]>();
  for (const hpa of hpas) {
    const ref = obj(obj(hpa.spec)?.scaleTargetRef);
    const kind = str(ref?.kind);
    const name = str(ref?.name);
    if (kind === undefined || name === undefined) continue;
    const key = targetKey(kind, name);
    const list = index.get(key);
    if (list) list.push(hpa);
    else index.set(key, [hpa]);
  }
  return index;
}

/** HPA maximum per target; an HPA without namespace matches a target in any namespace and vice versa. */
function hpaMaximum(hpas: readonly Obj[], w: RawWorkload, used: Set<Obj>, warnings: string[]): number | undefined {
  const found: number[] = [];
  for (const hpa of hpas) {
    const spec = obj(hpa.spec);
    const ref = obj(spec?.scaleTargetRef);
    const ns = str(obj(hpa.metadata)?.namespace);
    if (str(ref?.kind) !== w.kind || str(ref?.name) !== w.name) continue;
    if (ns !== undefined && w.namespace !== undefined && ns !== w.namespace) continue;
    const maxReplicas = int(spec?.maxReplicas);
    if (maxReplicas === undefined) continue;
    used.add(hpa);
    found.push(maxReplicas);
  }
  if (found.length > 1) warnings.push(`${label(w)}: ${found.length} HorizontalPodAutoscalers target it; counting the largest maximum`);
  return found.length ? Math.max(...found) : undefined;
}

// ------------------------------------------------------------------------------------------------

interface Group {
  readonly profile: ResolvedNodeGroup;
  readonly labels: Readonly<Record<string, string>>;
  /** Per node, after the system reserve. */
  readonly perNode: Vec;
  readonly available: Vec;
  required: Vec;
}

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
  const groupProfiles = profile.placement.nodeGroups;
  const warnings: string[] = [];
  const problems: string[] = [];

  const objects = flatten(manifests);
  const raw = objects.map(readWorkload).filter((w): w is RawWorkload => w !== undefined);

  if (groupProfiles.length === 0) {
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

  const roleLabels = profile.placement.roles;
  const known = new Set(Object.values(roleLabels).flatMap((l) => Object.keys(l ?? {})));
  const groups: Group[] = groupProfiles.map((g) => {
    const labels = g.role ? roleLabels[g.role] : {};
    if (g.role && !labels) warnings.push(`node group ${g.name}: role "${g.role}" has no labels in placement.roles; only pods without a role selector can use it`);
    const perNode = sub({ cpu: g.allocatableCpuMillis, mem: g.allocatableMemoryMiB * MIB }, reserve);
    if (perNode.cpu <= 0 || perNode.mem <= 0) problems.push(`node group ${g.name}: the system reserve leaves nothing allocatable on a node`);
    return { profile: g, labels: labels ?? {}, perNode, available: scale(max(perNode, ZERO), g.maxNodes), required: ZERO };
  });
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
    let eligible = groups.filter((g) => matches(placement, g.labels, known));
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
  const demands: { eligible: readonly Group[]; total: Vec }[] = [];
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

  // Most constrained first; shared demand split in proportion to each group's free capacity.
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

  const groupReports: GroupCapacity[] = groups.map((g) => {
    const headroom = sub(g.available, g.required);
    const pct = headroomPercent(headroom, g.available);
    const fits = headroom.cpu >= 0 && headroom.mem >= 0 && pct.cpu >= minHeadroom && pct.memory >= minHeadroom;
    return {
      name: g.profile.name,
      ...(g.profile.role ? { role: g.profile.role } : {}),
      maxNodes: g.profile.maxNodes,
      available: amount(g.available),
      required: amount(g.required),
      headroom: amount(headroom),
      headroomPercent: pct,
      fits,
    };
  });

  const available = groups.reduce((s, g) => add(s, g.available), ZERO);
  const required = groups.reduce((s, g) => add(s, g.required), ZERO);
  const headroom = sub(available, required);
  const pct = headroomPercent(headroom, available);
  const fits = problems.length === 0 && groupReports.every((g) => g.fits);

  const cores = (m: number) => (m / 1000).toFixed(1);
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  const short = groupReports.filter((g) => !g.fits).map((g) => `${g.name} (cpu ${g.headroomPercent.cpu}%, memory ${g.headroomPercent.memory}%)`);
  const summary =
    `${profile.name}: ${fits ? 'fits' : 'DOES NOT FIT'} at maximum scale — ` +
    `CPU ${cores(required.cpu)} of ${cores(available.cpu)} cores (${pct.cpu}% headroom), ` +
    `memory ${gib(required.mem)} of ${gib(available.mem)} GiB (${pct.memory}% headroom)` +
    (short.length ? `; short${minHeadroom > 0 ? ` of ${minHeadroom}% headroom` : ''}: ${short.join(', ')}` : '') +
    (problems.length ? `; ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems[0]}${problems.length > 1 ? ' …' : ''}` : '');

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
