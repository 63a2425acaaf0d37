import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { Kubelet, PodRunner } from './kubelet';
import { policyRules, serviceRules } from './netfilter';
import { BootPlan, NODE_ADDRESS, PodPlan, planBoot, POD_PREFIX } from './plan';
import { run } from './shell';
import { cloudSqlStandIn, standInSecretValues } from './stand-in-objects';
import { KubeObject } from './wire';
import { AddressRange, addressText, parseAddressRange } from '../profiles/ip-ranges';

const BRIDGE = 'sbr0';
/** Pods whose programs the others wait for start first, so the rest do not spend their first minute in back-off. */
const FIRST_WAVE = new Set(['mysql', 'rabbitmq', 'redis']);
/** Exits before a container counts as crash-looping (the kubelet's back-off is then 10 s, 20 s, ...). */
const CRASH_LOOP = 2;

/** Reads every object of an environment's output directory. */
export function readObjects(dir: string): KubeObject[] {
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((f) => (yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as (KubeObject | null)[]).filter((o): o is KubeObject => !!o && !!o.kind));
}

/** A self-signed certificate and key for `domain` and its subdomains, as one PEM (HAProxy's `crt` format). */
export function selfSignedPem(domain: string, dir: string): string {
  const key = path.join(dir, 'tls.key');
  const crt = path.join(dir, 'tls.crt');
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${domain}`,
    '-addext', `subjectAltName=DNS:${domain},DNS:*.${domain}`, '-keyout', key, '-out', crt]);
  return fs.readFileSync(crt, 'utf8') + fs.readFileSync(key, 'utf8');
}

/**
 * Clients outside the cluster, each an address the node holds (inside the boot's own network namespace:
 * nothing is sent off the machine): one on the internet, and one inside the environment profile's
 * `network.adminSources` when it lists a range a client can hold.
 */
export interface Clients {
  /** A client on the internet, outside every admin range (`192.0.2.0/24`, TEST-NET-1). */
  readonly internet: string;
  /** A client inside the profile's admin ranges, or `undefined` when the profile lists none. */
  readonly admin?: string;
}

/** The internet client: TEST-NET-1, never routed on the internet and in no profile's admin ranges. */
export const INTERNET_CLIENT = '192.0.2.10';

function clientAddresses(c: Clients): string[] {
  return [c.internet, ...(c.admin ? [c.admin] : [])];
}

/**
 * The address the admin client sends from: the first host of the first IPv4 range of `adminSources` that
 * is not loopback (a loopback source cannot reach a pod), or `undefined`.
 */
export function adminClientAddress(adminSources: readonly string[]): string | undefined {
  for (const source of adminSources) {
    let range: AddressRange;
    try {
      range = parseAddressRange(source.includes('/') ? source : `${source}/32`);
    } catch {
      continue; // an IPv6 address alone, which the /32 does not fit: not a client this boot can hold
    }
    if (range.family !== 'ipv4' || range.first >> 24n === 127n) continue;
    return addressText(range.last > range.first ? range.first + 1n : range.first, range.family);
  }
  return undefined;
}

/** The stages of a release in apply order, and the stage of each object (`Kind/name`). */
export interface ReleaseStages {
  readonly order: readonly string[];
  readonly of: ReadonlyMap<string, string>;
}

/** Everything at once: for output without a release manifest. */
const ONE_STAGE: ReleaseStages = { order: ['all'], of: new Map() };

/** The stages of an environment's output, from its `release/release.json` (one stage when it has none). */
export function readStages(dir: string): ReleaseStages {
  const file = path.join(dir, 'release', 'release.json');
  if (!fs.existsSync(file)) return ONE_STAGE;
  const release = JSON.parse(fs.readFileSync(file, 'utf8')) as { applySets: { stage: string }[]; objects: { kind: string; name: string; stage: string }[] };
  return { order: release.applySets.map((a) => a.stage), of: new Map(release.objects.map((o) => [`${o.kind}/${o.name}`, o.stage])) };
}

/** The booted environment: its plan, its pods, and how to reach and restart them. */
export class Cluster {
  public readonly pods = new Map<string, PodRunner>();

  constructor(
    public readonly env: string,
    public readonly plan: BootPlan,
    public readonly kubelet: Kubelet,
    public readonly objects: readonly KubeObject[],
    /** Addresses the end-to-end checks send from, as clients outside the cluster (see {@link Clients}). */
    public readonly clients: Clients,
    /** The release's stages, in apply order (see {@link readStages}). */
    public readonly stages: ReleaseStages = ONE_STAGE,
  ) {}

  /** Stages applied so far: their Services are in the pods' DNS (/etc/hosts). */
  private applied = 0;

  private stageIndex(kind: string, name: string): number {
    const stage = this.stages.of.get(`${kind}/${name}`);
    // What the release does not list (the stand-ins for what runs outside the cluster) exists from the start.
    return stage === undefined ? -1 : this.stages.order.indexOf(stage);
  }

  /** Plans an environment's objects with the stand-ins a real cluster would provide. */
  public static plan(objects: readonly KubeObject[], domain: string, scratch: string): { plan: BootPlan; all: KubeObject[]; standIns: string[] } {
    const standIns: string[] = [];
    const sql = cloudSqlStandIn(objects);
    if (sql.length) standIns.push('Cloud SQL → MariaDB pod "cloud-sql" behind the Cloud SQL Auth Proxy stand-in');
    const all = [...objects, ...sql];
    const secrets = standInSecretValues(all, () => selfSignedPem(domain, scratch));
    if (Object.keys(secrets).length) standIns.push(`External Secrets Operator → Secrets ${Object.keys(secrets).sort().join(', ')} with generated values (PEM keys: a self-signed certificate)`);
    return { plan: planBoot(all, { secrets }), all, standIns };
  }

  /** Brings up the node network: a bridge in this (the node's) namespace and kube-proxy's rules. */
  public setupNode(): void {
    run('ip', ['link', 'set', 'lo', 'up']);
    run('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
    run('ip', ['addr', 'add', `${NODE_ADDRESS}/${POD_PREFIX - 1}`, 'dev', BRIDGE]);
    run('ip', ['link', 'set', BRIDGE, 'up']);
    const clients = clientAddresses(this.clients);
    for (const client of clients) run('ip', ['addr', 'add', `${client}/32`, 'dev', BRIDGE]);
    run('nft', ['-f', '-'], serviceRules(this.plan));
    for (const pod of this.plan.pods) {
      this.kubelet.writeNetworkFiles(pod, this.hostsFile(pod));
      this.kubelet.setupNetwork(pod, POD_PREFIX - 1, BRIDGE, serviceRules(this.plan) + policyRules(this.plan, pod), NODE_ADDRESS, clients);
      this.pods.set(pod.name, new PodRunner(this.kubelet, pod));
    }
  }

  /** /etc/hosts of a pod: itself, then every Service (headless ones list their pods), as cluster DNS would answer. */
  public hostsFile(pod: PodPlan): string {
    const ns = this.plan.namespace;
    const names = (n: string) => `${n}.${ns}.svc.cluster.local ${n}.${ns}.svc ${n}.${ns} ${n}`;
    const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost', `${pod.ip} ${pod.fqdn ? `${pod.fqdn} ` : ''}${pod.hostname}`];
    for (const svc of this.plan.services) {
      if (this.stageIndex('Service', svc.name) >= this.applied) continue; // not created yet: no DNS name
      if (svc.ip) {
        lines.push(`${svc.ip} ${names(svc.name)}`);
      } else {
        const ips = new Set(svc.ports.flatMap((p) => p.endpoints.map((e) => e.ip)));
        for (const ip of ips) lines.push(`${ip} ${names(svc.name)}`);
        for (const p of this.plan.pods.filter((x) => ips.has(x.ip) && x.name !== pod.name)) lines.push(`${p.ip} ${p.fqdn ?? p.name} ${p.hostname}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }

  /** Address a client uses for a Service (its ClusterIP, or a pod for a headless one). */
  public address(service: string): string {
    const svc = this.plan.services.find((s) => s.name === service);
    if (!svc) throw new Error(`no Service "${service}" in ${this.env}`);
    const ip = svc.ip ?? svc.ports[0]?.endpoints[0]?.ip;
    if (!ip) throw new Error(`Service "${service}" has no endpoints`);
    return ip;
  }

  /**
   * Applies the release stage by stage, as `apply.sh` does: each stage's Services appear in DNS, its
   * pods start and become ready, its Jobs run to completion (a failed Job fails the boot, as
   * `kubectl wait --for=condition=complete` fails the release), and only then the next stage.
   */
  public async startAll(timeoutMs: number, log: (line: string) => void = () => undefined): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1000, deadline - Date.now());
    for (let stage = 0; stage < this.stages.order.length; stage++) {
      this.applied = stage + 1;
      for (const pod of this.plan.pods) this.kubelet.writeNetworkFiles(pod, this.hostsFile(pod));
      const pods = [...this.pods.values()].filter((p) => Math.max(0, this.stageIndex(p.plan.workloadKind, p.plan.workload)) === stage);
      const longRunning = pods.filter((p) => !p.plan.job);
      const first = longRunning.filter((p) => p.plan.containers.some((c) => FIRST_WAVE.has(c.repository)));
      const rest = longRunning.filter((p) => !first.includes(p));
      await Promise.all(first.map((p) => p.start()));
      await this.waitReady(first, left());
      await Promise.all(rest.map((p) => p.start()));
      await this.waitReady(longRunning, left());
      for (const job of pods.filter((p) => p.plan.job)) {
        const t0 = Date.now();
        const attempts = await this.runJob(job, left());
        log(`  stage ${this.stages.order[stage]}: Job ${job.plan.workload} completed in ${((Date.now() - t0) / 1000).toFixed(1)} s (${attempts} pod${attempts === 1 ? '' : 's'})`);
      }
    }
  }

  /**
   * Runs a Job's pod until it succeeds, a new pod per failure (same name and address) after the Job
   * controller's back-off, up to `backoffLimit` failures and its deadline. Resolves with the number of pods.
   */
  private async runJob(first: PodRunner, timeoutMs: number): Promise<number> {
    const job = first.plan.job!;
    const deadline = Date.now() + Math.min(timeoutMs, (job.activeDeadlineSeconds ?? Infinity) * 1000);
    let pod = first;
    for (let attempt = 1; ; attempt++) {
      await pod.start();
      try {
        await this.kubelet.waitFor(() => pod.phase !== 'running', Math.max(1000, deadline - Date.now()), `Job ${pod.plan.workload} to complete`);
      } catch {
        /* reported below */
      }
      const phase = pod.phase;
      const report = pod.describe();
      await pod.stop(); // the kubelet stops the native sidecars once the main containers have exited
      if (phase === 'succeeded') return attempt;
      const why = phase === 'running' ? `did not complete within its deadline (activeDeadlineSeconds ${job.activeDeadlineSeconds ?? 'none'}, or the boot's time-out)` : `failed ${attempt} pod(s), backoffLimit ${job.backoffLimit}`;
      if (phase === 'running' || attempt > job.backoffLimit) {
        throw new BootFailure(`${this.env}: Job ${pod.plan.workload} ${why}: the release stops here (apply.sh waits for it)`, `pod ${pod.plan.name}:\n${report}`);
      }
      // The Job controller's back-off between failed pods: 10 s, 20 s, 40 s, ...
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000 * 2 ** (attempt - 1), Math.max(0, deadline - Date.now()))));
      this.kubelet.deletePodVolumes(pod.plan);
      this.kubelet.writeNetworkFiles(pod.plan, this.hostsFile(pod.plan));
      pod = new PodRunner(this.kubelet, pod.plan);
      this.pods.set(pod.plan.name, pod);
    }
  }

  /** Waits until the pods are ready; on time-out, fails naming each pod that is not, with its programs' logs. */
  public async waitReady(pods: readonly PodRunner[], timeoutMs: number): Promise<void> {
    // A container that has exited CRASH_LOOP times is in CrashLoopBackOff: report it now rather than at the time-out.
    const crashLooping = () => pods.filter((p) => p.containers.some((c) => c.status.restarts >= CRASH_LOOP && !c.status.ready));
    try {
      await this.kubelet.waitFor(() => pods.every((p) => p.ready) || crashLooping().length > 0, timeoutMs, 'pods to become ready');
    } catch {
      /* reported below */
    }
    const looping = crashLooping();
    if (looping.length) {
      throw new BootFailure(
        `${this.env}: CrashLoopBackOff: ${looping.map((p) => p.plan.name).join(', ')}`,
        looping.map((p) => `pod ${p.plan.name}:\n${p.describe()}`).join('\n'),
      );
    }
    {
      const notReady = pods.filter((p) => !p.ready);
      if (!notReady.length) return;
      throw new BootFailure(
        `${this.env}: ${notReady.length} pod(s) not ready after ${Math.round(timeoutMs / 1000)} s: ${notReady.map((p) => p.plan.name).join(', ')}`,
        notReady.map((p) => `pod ${p.plan.name}:\n${p.describe()}`).join('\n'),
      );
    }
  }

  /** Deletes a pod and lets its controller re-create it (same name and address; PVCs kept, emptyDirs new); waits until ready. */
  public async restartPod(name: string, timeoutMs = 90_000): Promise<void> {
    const pod = this.pods.get(name);
    if (!pod) throw new Error(`no pod ${name}`);
    await pod.stop();
    this.kubelet.deletePodVolumes(pod.plan);
    this.kubelet.writeNetworkFiles(pod.plan, this.hostsFile(pod.plan));
    const fresh = new PodRunner(this.kubelet, pod.plan);
    this.pods.set(name, fresh);
    await fresh.start();
    await this.waitReady([fresh], timeoutMs);
  }

  /** Pods of a workload. */
  public podsOf(workload: string): PodRunner[] {
    return [...this.pods.values()].filter((p) => p.plan.workload === workload);
  }

  /** Stops every pod (grace periods capped, the run is over) and removes the network namespaces. */
  public async teardown(): Promise<void> {
    await Promise.all([...this.pods.values()].map((p) => p.stop()));
    for (const pod of this.plan.pods) {
      try {
        run('ip', ['netns', 'del', this.kubelet.netns(pod)]);
      } catch {
        /* never created */
      }
    }
    try {
      run('ip', ['link', 'del', BRIDGE]);
    } catch {
      /* never created */
    }
    try {
      run('nft', ['flush', 'ruleset']);
    } catch {
      /* nothing loaded */
    }
  }
}

/** A boot that failed: a one-line summary and the pods' details (state, argv, program logs). */
export class BootFailure extends Error {
  constructor(
    message: string,
    public readonly details: string,
  ) {
    super(message);
  }
}
