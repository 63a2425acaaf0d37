import { checkCapacity, SYSTEM_RESERVE_PER_NODE } from '../../src/capacity';
import { BAREMETAL, GKE, MINIKUBE, STAGING } from '../../src/profiles/builtin-profiles';
import { EnvironmentProfile } from '../../src/profiles/environment-profile';
import { shopEnvironment } from '../support/render';

const resolved = (profile: EnvironmentProfile) => shopEnvironment(profile).profile;

type Obj = Record<string, unknown>;

interface PodOpts {
  cpu?: string;
  memory?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Obj;
  initContainers?: Obj[];
  extraContainers?: Obj[];
}

function container(name: string, cpu?: string, memory?: string): Obj {
  const requests: Obj = {};
  if (cpu) requests.cpu = cpu;
  if (memory) requests.memory = memory;
  return { name, image: 'x', resources: { requests } };
}

function podSpec(o: PodOpts): Obj {
  return {
    containers: [container('main', o.cpu ?? '100m', o.memory ?? '128Mi'), ...(o.extraContainers ?? [])],
    ...(o.initContainers ? { initContainers: o.initContainers } : {}),
    ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
    ...(o.affinity ? { affinity: o.affinity } : {}),
  };
}

function deployment(name: string, o: PodOpts & { replicas?: number; kind?: string } = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: o.kind ?? 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { ...(o.replicas !== undefined ? { replicas: o.replicas } : {}), template: { spec: podSpec(o) } },
  };
}

function hpa(target: string, maxReplicas: number, kind = 'Deployment'): Obj {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: target, namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind, name: target }, minReplicas: 3, maxReplicas },
  };
}

const reserve = SYSTEM_RESERVE_PER_NODE;

/** A small shop: web and api autoscaled, a worker, a fixed-size cache. */
function smallPlatform(webMax = 30): Obj[] {
  return [
    deployment('web', { cpu: '500m', memory: '512Mi' }),
    hpa('web', webMax),
    deployment('api', { cpu: '250m', memory: '256Mi' }),
    hpa('api', 30),
    deployment('worker', { replicas: 2, cpu: '1', memory: '1Gi' }),
    deployment('redis', { kind: 'StatefulSet', replicas: 1, cpu: '200m', memory: '1Gi' }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } },
  ];
}

describe('checkCapacity on GKE (one autoscaled pool)', () => {
  test('a small platform fits, with the arithmetic spelled out', () => {
    const report = checkCapacity(resolved(GKE), smallPlatform());
    const pool = GKE.placement!.nodeGroups![0];
    const cpuAvail = pool.maxNodes * (pool.allocatableCpuMillis - reserve.cpuMillis);
    const memAvail = pool.maxNodes * (pool.allocatableMemoryMiB - reserve.memoryMiB);
    const cpuReq = 30 * 500 + 30 * 250 + 2 * 1000 + 200;
    const memReq = 30 * 512 + 30 * 256 + 2 * 1024 + 1024;
    expect(report).toMatchObject({
      environment: 'gke',
      checked: true,
      fits: true,
      available: { cpuMillis: cpuAvail, memoryMiB: memAvail },
      required: { cpuMillis: cpuReq, memoryMiB: memReq },
      headroom: { cpuMillis: cpuAvail - cpuReq, memoryMiB: memAvail - memReq },
      problems: [],
    });
    expect(report.headroomPercent.cpu).toBeCloseTo(((cpuAvail - cpuReq) / cpuAvail) * 100, 1);
    expect(report.groups).toEqual([
      expect.objectContaining({ name: 'app-pool', maxNodes: 12, fits: true, required: { cpuMillis: cpuReq, memoryMiB: memReq } }),
    ]);
    const web = report.workloads.find((w) => w.name === 'web')!;
    expect(web).toMatchObject({ replicas: 30, replicasFrom: 'hpa', podRequest: { cpuMillis: 500, memoryMiB: 512 }, groups: ['app-pool'] });
    expect(report.workloads.find((w) => w.name === 'worker')).toMatchObject({ replicas: 2, replicasFrom: 'spec' });
    expect(report.summary).toMatch(/^gke: fits at maximum scale — CPU 24\.7 of 92\.5 cores/);
  });

  test('raising an HPA maximum beyond what the pool holds fails, and says where', () => {
    const report = checkCapacity(resolved(GKE), smallPlatform(200)); // 200 × 500m = 100 cores > 92.5
    expect(report.fits).toBe(false);
    expect(report.groups[0].fits).toBe(false);
    expect(report.groups[0].headroom.cpuMillis).toBeLessThan(0);
    expect(report.headroomPercent.cpu).toBeLessThan(0);
    expect(report.summary).toMatch(/^gke: DOES NOT FIT at maximum scale .*short: app-pool \(cpu -\d+(\.\d)?%/);
  });

  test('staging, a quarter of the size, does not hold production maxima', () => {
    expect(checkCapacity(resolved(STAGING), smallPlatform()).fits).toBe(false);
  });

  test('minHeadroomPercent turns a tight fit into a failure', () => {
    const tight = smallPlatform(160); // 160×500m + 7.5 + 2 + 0.2 = 89.7 of 92.52 cores: 3% headroom
    expect(checkCapacity(resolved(GKE), tight).fits).toBe(true);
    const report = checkCapacity(resolved(GKE), tight, { minHeadroomPercent: 10 });
    expect(report.fits).toBe(false);
    expect(report.summary).toContain('short of 10% headroom');
  });

  test('a custom system reserve changes the available figure', () => {
    const report = checkCapacity(resolved(GKE), [], { systemReserve: { cpuMillis: 0, memoryMiB: 0 } });
    expect(report.available).toEqual({ cpuMillis: 12 * 7910, memoryMiB: 12 * 28_000 });
    expect(report.systemReserve).toEqual({ cpuMillis: 0, memoryMiB: 0 });
  });
});

describe('replicas at maximum', () => {
  test('HPA maximum over spec.replicas; spec.replicas; default 1; job parallelism', () => {
    const report = checkCapacity(resolved(GKE), [
      deployment('a', { replicas: 5 }),
      hpa('a', 9),
      deployment('b', { replicas: 4 }),
      deployment('c'),
      deployment('db', { kind: 'StatefulSet', replicas: 3 }),
      hpa('db', 6, 'StatefulSet'),
      { kind: 'Job', metadata: { name: 'migrate' }, spec: { parallelism: 2, template: { spec: podSpec({}) } } },
      { kind: 'CronJob', metadata: { name: 'report' }, spec: { jobTemplate: { spec: { template: { spec: podSpec({}) } } } } },
    ]);
    const replicas = Object.fromEntries(report.workloads.map((w) => [w.name, [w.replicas, w.replicasFrom]]));
    expect(replicas).toEqual({ a: [9, 'hpa'], b: [4, 'spec'], c: [1, 'default'], db: [6, 'hpa'], migrate: [2, 'job'], report: [1, 'job'] });
  });

  test('an HPA only matches its kind, name and namespace', () => {
    const other = { ...hpa('a', 50), metadata: { name: 'a', namespace: 'elsewhere' } };
    const report = checkCapacity(resolved(GKE), [deployment('a', { replicas: 2 }), other, hpa('a', 40, 'StatefulSet')]);
    expect(report.workloads[0]).toMatchObject({ replicas: 2, replicasFrom: 'spec' });
    expect(report.warnings).toHaveLength(2);
    expect(report.warnings[0]).toMatch(/HorizontalPodAutoscaler a: its target Deployment a is not among the manifests/);
  });

  test('objects inside a List are read', () => {
    const report = checkCapacity(resolved(GKE), [{ apiVersion: 'v1', kind: 'List', items: [deployment('a', { replicas: 3 }), hpa('a', 7)] }]);
    expect(report.workloads).toEqual([expect.objectContaining({ name: 'a', replicas: 7 })]);
  });
});

describe('pod requests by the Kubernetes rules', () => {
  const pod = (o: PodOpts) => checkCapacity(resolved(GKE), [deployment('p', { replicas: 1, ...o })]).workloads[0].podRequest;

  test('containers add up', () => {
    expect(pod({ cpu: '100m', memory: '128Mi', extraContainers: [container('proxy', '50m', '64Mi')] })).toEqual({ cpuMillis: 150, memoryMiB: 192 });
  });

  test('init containers count with their largest step, per resource', () => {
    const initContainers = [container('migrate', '2', '64Mi'), container('warm', '10m', '1Gi')];
    expect(pod({ cpu: '100m', memory: '128Mi', initContainers })).toEqual({ cpuMillis: 2000, memoryMiB: 1024 });
  });

  test('native sidecars (restartPolicy Always) add to the containers and to later init steps', () => {
    const initContainers = [{ ...container('cloud-sql-proxy', '100m', '128Mi'), restartPolicy: 'Always' }, container('migrate', '500m', '64Mi')];
    // init peak: 100m+500m / 128Mi+64Mi; running: 200m+100m / 256Mi+128Mi
    expect(pod({ cpu: '200m', memory: '256Mi', initContainers })).toEqual({ cpuMillis: 600, memoryMiB: 384 });
  });

  test('a missing request takes the limit; neither is counted as 0 with a warning', () => {
    const limitsOnly = { name: 'l', resources: { limits: { cpu: '300m', memory: '1Gi' } } };
    const bare = { name: 'bare' };
    const report = checkCapacity(resolved(GKE), [deployment('p', { replicas: 1, extraContainers: [limitsOnly, bare] })]);
    expect(report.workloads[0].podRequest).toEqual({ cpuMillis: 400, memoryMiB: 1152 });
    expect(report.warnings).toEqual(['Deployment shop/p container bare: no cpu/memory request; counted as 0']);
  });

  test('pod overhead is added', () => {
    const d = deployment('p', { replicas: 1 });
    ((d.spec as Obj).template as { spec: Obj }).spec.overhead = { cpu: '250m', memory: '120Mi' };
    expect(checkCapacity(resolved(GKE), [d]).workloads[0].podRequest).toEqual({ cpuMillis: 350, memoryMiB: 248 });
  });

  test('an invalid quantity names the workload and container', () => {
    expect(() => checkCapacity(resolved(GKE), [deployment('p', { cpu: 'lots' })])).toThrow(/Deployment shop\/p container main: resources\.\*\.cpu: "lots" is not a Kubernetes quantity/);
  });

  test('a pod larger than any node fails even when the pool as a whole has room', () => {
    const report = checkCapacity(resolved(GKE), [deployment('huge', { replicas: 1, cpu: '8', memory: '1Gi' })]);
    expect(report.fits).toBe(false);
    expect(report.groups[0].fits).toBe(true);
    expect(report.problems).toEqual([expect.stringMatching(/Deployment shop\/huge: one pod \(8000m CPU, 1024Mi\) is larger than what a node of app-pool offers/)]);
  });
});

describe('role-scoped accounting on bare metal', () => {
  const roles = BAREMETAL.placement!.roles!;
  const group = (report: ReturnType<typeof checkCapacity>, name: string) => report.groups.find((g) => g.name === name)!;
  const per = (cpu: number, mem: number, nodes: number) => ({ cpuMillis: nodes * (cpu - reserve.cpuMillis), memoryMiB: nodes * (mem - reserve.memoryMiB) });

  const platform = (edgeMax: number): Obj[] => [
    deployment('edge', { cpu: '1', memory: '512Mi', nodeSelector: roles.edge }),
    hpa('edge', edgeMax),
    deployment('app', {
      cpu: '2',
      memory: '2Gi',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.shop/app', operator: 'In', values: ['true'] }] }],
          },
        },
      },
    }),
    hpa('app', 6),
    deployment('mysql', { kind: 'StatefulSet', replicas: 1, cpu: '4', memory: '16Gi', nodeSelector: roles.data }),
  ];

  test('each role-scoped workload counts against its role’s groups only', () => {
    const report = checkCapacity(resolved(BAREMETAL), platform(6));
    expect(report.fits).toBe(true);
    expect(group(report, 'edge')).toMatchObject({ role: 'edge', available: per(3800, 7000, 2), required: { cpuMillis: 6000, memoryMiB: 3072 }, fits: true });
    expect(group(report, 'app')).toMatchObject({ role: 'app', available: per(15_500, 60_000, 2), required: { cpuMillis: 12_000, memoryMiB: 12_288 } });
    expect(group(report, 'data')).toMatchObject({ role: 'data', required: { cpuMillis: 4000, memoryMiB: 16_384 } });
    expect(report.workloads.map((w) => [w.name, w.groups])).toEqual([['edge', ['edge']], ['app', ['app']], ['mysql', ['data']]]);
  });

  test('the edge role overflows although the site in total has room', () => {
    const report = checkCapacity(resolved(BAREMETAL), platform(8)); // 8 cores on 2 × 3.6
    expect(report.headroom.cpuMillis).toBeGreaterThan(0);
    expect(report.fits).toBe(false);
    expect(report.groups.filter((g) => !g.fits).map((g) => g.name)).toEqual(['edge']);
    expect(report.summary).toContain('short: edge');
  });

  test('a workload without a role selector spreads over every group when all groups have a role', () => {
    const report = checkCapacity(resolved(BAREMETAL), [deployment('free', { replicas: 10, cpu: '1', memory: '1Gi' })]);
    expect(report.workloads[0].groups).toEqual(['edge', 'app', 'data']);
    // split in proportion to free capacity: app gets most
    expect(group(report, 'app').required.cpuMillis).toBeGreaterThan(group(report, 'edge').required.cpuMillis);
    expect(report.required.cpuMillis).toBe(10_000);
  });

  test('role-pinned demand is placed before demand that can go anywhere', () => {
    // edge needs 6 of its 7.2 cores; 10 free-floating cores fit elsewhere, so this must fit.
    const report = checkCapacity(resolved(BAREMETAL), [
      deployment('edge', { replicas: 6, cpu: '1', memory: '64Mi', nodeSelector: roles.edge }),
      deployment('free', { replicas: 10, cpu: '1', memory: '64Mi' }),
    ]);
    expect(report.fits).toBe(true);
    expect(group(report, 'edge').required.cpuMillis).toBeLessThanOrEqual(7200);
  });

  test('without a role selector, groups without a role are used when there are some', () => {
    const mixed: EnvironmentProfile = {
      ...BAREMETAL,
      placement: {
        ...BAREMETAL.placement,
        nodeGroups: [...BAREMETAL.placement!.nodeGroups!, { name: 'general', maxNodes: 3, allocatableCpuMillis: 4000, allocatableMemoryMiB: 16_000 }],
      },
    };
    const report = checkCapacity(resolved(mixed), [deployment('free', { replicas: 2 }), deployment('edge', { replicas: 1, nodeSelector: roles.edge })]);
    expect(report.workloads.map((w) => [w.name, w.groups])).toEqual([['free', ['general']], ['edge', ['edge']]]);
  });

  test('NotIn and unknown label keys', () => {
    const report = checkCapacity(resolved(BAREMETAL), [
      deployment('not-edge', {
        replicas: 1,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.shop/edge', operator: 'DoesNotExist' }] }],
            },
          },
        },
      }),
      deployment('zonal', { replicas: 1, nodeSelector: { 'topology.kubernetes.io/zone': 'a', ...roles.app } }),
    ]);
    expect(report.workloads.map((w) => [w.name, w.groups])).toEqual([['not-edge', ['app', 'data']], ['zonal', ['app']]]);
  });

  test('a selector no group satisfies is a problem', () => {
    const report = checkCapacity(resolved(BAREMETAL), [deployment('lost', { replicas: 1, nodeSelector: { 'node-role.shop/edge': 'false' } })]);
    expect(report.fits).toBe(false);
    expect(report.problems).toEqual(['Deployment shop/lost: no node group matches its node selector / affinity']);
  });

  test('a DaemonSet runs on every node of the groups it selects', () => {
    const ds = { kind: 'DaemonSet', metadata: { name: 'exporter', namespace: 'shop' }, spec: { template: { spec: podSpec({ cpu: '50m', memory: '64Mi' }) } } };
    const report = checkCapacity(resolved(BAREMETAL), [ds]);
    expect(report.workloads[0]).toMatchObject({ replicas: 5, replicasFrom: 'daemonset', total: { cpuMillis: 250, memoryMiB: 320 } });
    expect(group(report, 'edge').required).toEqual({ cpuMillis: 100, memoryMiB: 128 });
    expect(group(report, 'data').required).toEqual({ cpuMillis: 50, memoryMiB: 64 });
  });
});

describe('environments without node groups', () => {
  test('minikube is not checked and does not fail synth', () => {
    const report = checkCapacity(resolved(MINIKUBE), smallPlatform());
    expect(report).toMatchObject({ environment: 'minikube', checked: false, fits: true, groups: [], workloads: [] });
    expect(report.summary).toBe('minikube: capacity not checked (the profile has no placement.nodeGroups)');
  });
});
