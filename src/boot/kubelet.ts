import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { ContainerPlan, PodPlan, ProbePlan, VolumePlan } from './plan';
import { run, runAsync, sh } from './shell';

/**
 * The impure half of the boot test: runs the containers of planned pods the way a kubelet and a
 * container runtime do, with the Debian programs, inside the node's network namespaces.
 *
 * Each container: in its pod's network namespace, a private mount, PID, UTS and IPC namespace; a root
 * made from this machine's `/` through an overlay (read-only when `readOnlyRootFilesystem`), with
 * `/tmp`, `/run`, `/home`, `/root`, `/work`, `/opt`, `/srv` and `/mnt` emptied as in an image; the image
 * paths of its {@link ImageRuntime} bound in; its volumes mounted; `/etc/hosts` of the pod network;
 * then `setpriv` to the pod's uid/gid/groups with every capability gone (inheritable, ambient and
 * bounding set) and `no_new_privs`, and `env -i` with exactly the planned environment.
 */

/** Where a pod's files live on this machine. */
export interface KubeletDirs {
  /** Scratch (a tmpfs the harness mounted). */
  readonly work: string;
  /** `src/boot/stand-ins`. */
  readonly standIns: string;
  /** Where container logs are copied to. */
  readonly logs: string;
}

/** A container's state. */
export interface ContainerStatus {
  readonly pod: string;
  readonly container: string;
  ready: boolean;
  started: boolean;
  restarts: number;
  lastExit?: string;
  completed: boolean;
  /** Exited non-zero where the pod does not restart it (a Job's pod with `restartPolicy: Never`). */
  failed: boolean;
}

const BACKOFF_START_MS = 10_000;

/** One running (or restarting) container. */
class ContainerRunner {
  public readonly status: ContainerStatus;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private logTail: string[] = [];
  private readonly logFile: string;
  private generation = 0;
  /** The last failed probe's message (as the kubelet's `Unhealthy` event gives it). */
  public lastProbeFailure?: string;

  constructor(
    private readonly kubelet: Kubelet,
    private readonly pod: PodPlan,
    private readonly c: ContainerPlan,
  ) {
    this.status = { pod: pod.name, container: c.name, ready: false, started: false, restarts: 0, completed: false, failed: false };
    this.logFile = path.join(kubelet.dirs.logs, `${pod.name}_${c.name}.log`);
  }

  /** Last lines the program wrote (stdout and stderr). */
  public tail(lines = 25): string {
    return this.logTail.slice(-lines).join('\n');
  }

  public start(): void {
    this.stopping = false;
    this.generation++;
    const gen = this.generation;
    this.status.ready = false;
    this.status.started = false;
    this.status.completed = false;
    this.status.failed = false;
    const script = this.kubelet.setupScript(this.pod, this.c);
    const scriptFile = path.join(this.kubelet.dirs.work, 'scripts', `${this.pod.name}_${this.c.name}_${this.kubelet.nextRun()}.sh`);
    fs.mkdirSync(path.dirname(scriptFile), { recursive: true });
    fs.writeFileSync(scriptFile, script);
    // The program's stdout and stderr are a FIFO, as a container runtime gives them (programs that open
    // /dev/stdout or /proc/self/fd/2 need a pipe, not the socket node's 'pipe' would be).
    const fifo = path.join(this.kubelet.dirs.work, 'scripts', `${this.pod.name}_${this.c.name}_${this.kubelet.nextRun()}.out`);
    run('mkfifo', ['-m', '0600', fifo]);
    fs.chownSync(fifo, this.c.user, this.c.group); // runc hands the container's stdio to its user, so reopening works
    const fd = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    const output = new net.Socket({ fd, readable: true, writable: false });
    const child = spawn('ip', ['netns', 'exec', this.kubelet.netns(this.pod), 'unshare', '--pid', '--fork', '--kill-child', '--uts', '--ipc', '--', 'sh', scriptFile, fifo], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const log = fs.createWriteStream(this.logFile, { flags: 'a' });
    log.write(`--- start #${this.status.restarts} ${new Date().toISOString()} argv: ${JSON.stringify(this.c.argv)}\n`);
    let partial = '';
    const onData = (chunk: Buffer) => {
      // The FIFO (and the child's pipes) can still deliver what the container wrote just before it exited
      // after 'exit' has closed the log: keep it in the tail, and never write to the ended stream (an
      // unhandled ERR_STREAM_WRITE_AFTER_END crashed the whole boot run in CI).
      if (!log.writableEnded) log.write(chunk);
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      this.logTail.push(...lines);
      if (this.logTail.length > 400) this.logTail.splice(0, this.logTail.length - 400);
    };
    output.on('data', onData);
    output.on('error', () => undefined);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', () => setTimeout(() => output.destroy(), 200));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        if (partial) this.logTail.push(partial);
        partial = '';
        log.end(`--- exit ${code ?? signal}\n`);
        this.clearTimers();
        this.status.ready = false;
        this.status.lastExit = signal ? `signal ${signal}` : `exit code ${code}`;
        resolve();
        if (this.stopping || gen !== this.generation) return;
        if (this.c.init && code === 0) {
          this.status.completed = true;
          this.kubelet.emit();
          return;
        }
        // A Job's pod: its main containers run once (Never), or until they succeed (OnFailure); with Never a
        // failed init container fails the pod too. Sidecars restart whatever the pod's policy.
        const restartPolicy = this.pod.restartPolicy;
        if (!this.c.sidecar && restartPolicy !== 'Always' && (code === 0 || restartPolicy === 'Never')) {
          this.status.completed = code === 0;
          this.status.failed = code !== 0;
          this.kubelet.emit();
          return;
        }
        // restartPolicy Always (Deployments and StatefulSets): back off 10 s, 20 s, 40 s, ... up to 5 min.
        this.status.restarts++;
        const delay = Math.min(BACKOFF_START_MS * 2 ** (this.status.restarts - 1), 300_000);
        this.kubelet.emit();
        this.timers.push(setTimeout(() => this.start(), delay));
      });
    });
    this.schedule();
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  /** Runs the startup, then readiness and liveness probes with their timing. */
  private schedule(): void {
    const startup = this.c.probes.find((p) => p.kind === 'startup');
    const others = this.c.probes.filter((p) => p.kind !== 'startup');
    const afterStartup = () => {
      this.status.started = true;
      if (!others.some((p) => p.kind === 'readiness')) this.status.ready = !this.c.init;
      this.kubelet.emit();
      for (const p of others) this.loop(p);
    };
    if (startup) this.loop(startup, afterStartup);
    else afterStartup();
  }

  private loop(probe: ProbePlan, onFirstSuccess?: () => void): void {
    let failures = 0;
    let succeeded = false;
    const gen = this.generation;
    const tick = async () => {
      if (gen !== this.generation || this.stopping) return;
      const { ok, message } = await this.kubelet.probe(this.pod, this.c, probe, this.pid1());
      if (gen !== this.generation || this.stopping) return;
      if (!ok) this.lastProbeFailure = `${probe.kind} probe: ${message}`;
      if (ok) {
        failures = 0;
        if (probe.kind === 'readiness' && !this.status.ready) {
          this.status.ready = true;
          this.kubelet.emit();
        }
        if (probe.kind === 'startup' && !succeeded) {
          succeeded = true;
          onFirstSuccess?.();
          return; // the startup probe stops after its first success
        }
      } else {
        failures++;
        if (failures >= probe.failureThreshold) {
          if (probe.kind === 'readiness') {
            if (this.status.ready) {
              this.status.ready = false;
              this.kubelet.emit();
            }
          } else {
            // Startup or liveness failed: the kubelet kills the container, which then restarts.
            this.logTail.push(`[boot] ${probe.kind} probe failed ${failures} times: killing the container`);
            this.kill('SIGKILL');
            return;
          }
        }
      }
      this.timers.push(setTimeout(() => void tick(), probe.periodSeconds * 1000));
    };
    this.timers.push(setTimeout(() => void tick(), probe.initialDelaySeconds * 1000));
  }

  /** PID (on this machine) of the container's PID 1. */
  public pid1(): number | undefined {
    const pid = this.child?.pid;
    if (!pid) return undefined;
    try {
      // `ip` execs unshare, whose only child is the container's init.
      const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      return children ? Number(children.split(/\s+/)[0]) : undefined;
    } catch {
      return undefined;
    }
  }

  private kill(signal: NodeJS.Signals): void {
    const pid = this.pid1();
    try {
      if (pid) process.kill(pid, signal);
      else this.child?.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }

  /** SIGTERM, then SIGKILL after the grace period, as the kubelet stops a container. */
  public async stop(graceSeconds: number): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.kill('SIGTERM');
    const grace = setTimeout(() => {
      this.kill('SIGKILL');
      this.child?.kill('SIGKILL');
    }, graceSeconds * 1000);
    await this.exited;
    clearTimeout(grace);
  }
}

/** A host path whose last-but-any segment may hold one `*` (the installed version of a Debian package). */
function resolveInstalled(hostPath: string): string {
  if (!hostPath.includes('*')) return hostPath;
  const dir = path.dirname(hostPath);
  const pattern = new RegExp(`^${path.basename(hostPath).split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  const found = fs.readdirSync(dir).filter((f) => pattern.test(f)).sort();
  if (!found.length) throw new Error(`no ${hostPath} on this machine (is the Debian package installed?)`);
  return path.join(dir, found[found.length - 1]);
}

/** A pod on the node. */
export class PodRunner {
  public readonly containers: ContainerRunner[];

  constructor(
    private readonly kubelet: Kubelet,
    public readonly plan: PodPlan,
  ) {
    this.containers = plan.containers.map((c) => new ContainerRunner(kubelet, plan, c));
  }

  public get ready(): boolean {
    return this.containers.every((c) => (c.status.completed ? true : c.status.ready));
  }

  /** A Job's pod: `succeeded` once every main container exited 0, `failed` once one failed for good. */
  public get phase(): 'running' | 'succeeded' | 'failed' {
    if (this.containers.some((c) => c.status.failed)) return 'failed';
    const mains = this.containers.filter((_, i) => !this.plan.containers[i].init && !this.plan.containers[i].sidecar);
    return mains.every((c) => c.status.completed) ? 'succeeded' : 'running';
  }

  /**
   * Init containers in order, each to completion (a native sidecar only until it has started: its startup
   * probe passed), then the main containers, as the kubelet does.
   */
  public async start(): Promise<void> {
    this.kubelet.materializeVolumes(this.plan);
    for (const [i, c] of this.containers.entries()) {
      const plan = this.plan.containers[i];
      if (!plan.init && !plan.sidecar) continue;
      c.start();
      const what = `${this.plan.name}: ${plan.sidecar ? `sidecar ${plan.name} to start` : `init container ${plan.name} to complete`}`;
      await this.kubelet.waitFor(() => (plan.sidecar ? c.status.started : c.status.completed || c.status.failed), 120_000, what, this);
      if (c.status.failed) return; // the pod has failed; phase says so
    }
    for (const [i, c] of this.containers.entries()) if (!this.plan.containers[i].init && !this.plan.containers[i].sidecar) c.start();
  }

  public async stop(): Promise<void> {
    await Promise.all(this.containers.map((c) => c.stop(this.plan.terminationGracePeriodSeconds)));
  }

  /** Logs of a container (for failure reports). */
  public describe(): string {
    return this.containers
      .map((c) => {
        const s = c.status;
        const state = s.completed ? 'completed' : s.ready ? 'ready' : s.started ? 'started, not ready' : 'not started';
        const probe = !s.ready && c.lastProbeFailure ? `\n    last probe failure: ${c.lastProbeFailure}` : '';
        return `  container ${s.container} (${this.plan.containers.find((p) => p.name === s.container)?.runs}): ${state}, restarts ${s.restarts}${s.lastExit ? `, last ${s.lastExit}` : ''}${probe}\n    argv: ${JSON.stringify(this.plan.containers.find((p) => p.name === s.container)?.argv)}\n${c.tail().split('\n').map((l) => `    | ${l}`).join('\n')}`;
      })
      .join('\n');
  }
}

/** The node: network namespaces, volumes, and the pods on it. */
export class Kubelet {
  private listeners: (() => void)[] = [];
  private readonly nsNames = new Map<string, string>();
  private runs = 0;

  constructor(public readonly dirs: KubeletDirs) {}

  /** A number unique in this run (for per-start file names). */
  public nextRun(): number {
    return ++this.runs;
  }

  /** Network namespace of a pod (kept for the whole run: a re-created pod keeps its address). */
  public netns(pod: PodPlan): string {
    let name = this.nsNames.get(pod.name);
    if (!name) {
      name = `sb${this.nsNames.size}`;
      this.nsNames.set(pod.name, name);
    }
    return name;
  }

  /**
   * Creates the pod's network namespace: a veth to the node's bridge, its address, the rulesets, and a
   * route through the node to each of `clients` (addresses outside the cluster that the end-to-end checks
   * send from; a CNI's default route plays this part on a node).
   */
  public setupNetwork(pod: PodPlan, prefix: number, bridge: string, rulesets: string, gateway: string, clients: readonly string[]): void {
    const ns = this.netns(pod);
    run('ip', ['netns', 'add', ns]);
    run('ip', ['link', 'add', `v${ns}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    run('ip', ['link', 'set', `v${ns}`, 'master', bridge, 'up']);
    const inNs = (...args: string[]) => run('ip', ['netns', 'exec', ns, ...args]);
    inNs('ip', 'link', 'set', 'lo', 'up');
    inNs('ip', 'addr', 'add', `${pod.ip}/${prefix}`, 'dev', 'eth0');
    inNs('ip', 'link', 'set', 'eth0', 'up');
    for (const client of clients) inNs('ip', 'route', 'add', `${client}/32`, 'via', gateway);
    if (rulesets.trim()) run('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], rulesets);
  }

  public on(listener: () => void): void {
    this.listeners.push(listener);
  }

  public emit(): void {
    for (const l of this.listeners) l();
  }

  /** Resolves when `cond` holds; rejects after `ms` naming what was awaited. */
  public waitFor(cond: () => boolean, ms: number, what: string, pod?: PodRunner): Promise<void> {
    return new Promise((resolve, reject) => {
      if (cond()) return resolve();
      const check = () => {
        if (cond()) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve();
        }
      };
      const poll = setInterval(check, 250);
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}${pod ? `\n${pod.describe()}` : ''}`));
      }, ms);
    });
  }

  private volumeDir(pod: PodPlan, v: VolumePlan): string {
    return v.kind === 'pvc' ? path.join(this.dirs.work, 'pvc', v.claim) : path.join(this.dirs.work, 'pods', pod.name, 'volumes', v.name);
  }

  /** emptyDirs fresh (0777), PVCs kept across pod restarts, ConfigMap/Secret files written with their modes; fsGroup applied. */
  public materializeVolumes(pod: PodPlan): void {
    for (const v of pod.volumes) {
      const dir = this.volumeDir(pod, v);
      if (v.kind !== 'pvc') fs.rmSync(dir, { recursive: true, force: true });
      const fresh = !fs.existsSync(dir);
      fs.mkdirSync(dir, { recursive: true });
      if (v.kind === 'emptyDir') {
        fs.chmodSync(dir, 0o777);
      } else if (v.kind === 'pvc') {
        if (fresh && pod.fsGroup !== undefined) {
          // A new volume is group-owned by fsGroup with the setgid bit, as the kubelet's ownership management does.
          fs.chownSync(dir, 0, pod.fsGroup);
          fs.chmodSync(dir, 0o2775);
        }
      } else {
        for (const f of v.files) {
          const file = path.join(dir, f.path);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, f.content);
          // With fsGroup, projected files are group-owned by it and group-readable.
          if (pod.fsGroup !== undefined) fs.chownSync(file, 0, pod.fsGroup);
          fs.chmodSync(file, pod.fsGroup !== undefined ? f.mode | 0o040 : f.mode);
        }
        fs.chmodSync(dir, 0o755);
      }
    }
  }

  /** Deletes a pod's own volumes (emptyDirs, projected files); PVCs stay. */
  public deletePodVolumes(pod: PodPlan): void {
    fs.rmSync(path.join(this.dirs.work, 'pods', pod.name), { recursive: true, force: true });
  }

  /** Files of the pod network every container sees. */
  public hostsFile(pod: PodPlan): string {
    return path.join(this.dirs.work, 'pods', pod.name, 'etc-hosts');
  }

  /** The shell script that builds the container's mount namespace and execs its program. */
  public setupScript(pod: PodPlan, c: ContainerPlan): string {
    const base = path.join(this.dirs.work, 'pods', pod.name, 'containers', c.name);
    const root = path.join(base, 'root');
    const layer = path.join(base, 'layer');
    const etc = path.join(this.dirs.work, 'pods', pod.name);
    const binds: { path: string; source: string; readOnly: boolean; file: boolean }[] = [];
    for (const b of c.imageBinds) {
      const source = b.host ? resolveInstalled(b.host) : path.join(this.dirs.standIns, b.standIn ?? '');
      binds.push({ path: b.path, source, readOnly: true, file: fs.statSync(source).isFile() });
    }
    // The image's accounts, so programs that look their user up (`id -un`, HOME) find it.
    fs.mkdirSync(base, { recursive: true });
    const taken = new Set(c.imageUsers.flatMap((u) => [`n:${u.name}`, `u:${u.uid}`]));
    const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n').filter((l) => l && !taken.has(`n:${l.split(':')[0]}`) && !taken.has(`u:${l.split(':')[2]}`));
    const group = fs.readFileSync('/etc/group', 'utf8').split('\n').filter((l) => l && !taken.has(`n:${l.split(':')[0]}`) && !taken.has(`u:${l.split(':')[2]}`));
    fs.writeFileSync(path.join(base, 'passwd'), [...passwd, ...c.imageUsers.map((u) => `${u.name}:x:${u.uid}:${u.uid}::${u.home}:/usr/sbin/nologin`)].join('\n') + '\n');
    fs.writeFileSync(path.join(base, 'group'), [...group, ...c.imageUsers.map((u) => `${u.name}:x:${u.uid}:`)].join('\n') + '\n');
    binds.push({ path: '/etc/passwd', source: path.join(base, 'passwd'), readOnly: true, file: true });
    binds.push({ path: '/etc/group', source: path.join(base, 'group'), readOnly: true, file: true });
    for (const m of [...c.mounts].sort((a, b) => a.path.split('/').length - b.path.split('/').length)) {
      const v = pod.volumes.find((x) => x.name === m.volume);
      if (!v) throw new Error(`${pod.name}/${c.name}: no volume ${m.volume}`);
      const source = m.subPath ? path.join(this.volumeDir(pod, v), m.subPath) : this.volumeDir(pod, v);
      if (m.subPath && !fs.existsSync(source)) fs.mkdirSync(source, { recursive: true });
      binds.push({ path: m.path, source, readOnly: m.readOnly, file: fs.statSync(source).isFile() });
    }
    for (const [file, name] of [['etc-hosts', '/etc/hosts'], ['etc-hostname', '/etc/hostname'], ['etc-resolv.conf', '/etc/resolv.conf']]) {
      binds.push({ path: name, source: path.join(etc, file), readOnly: true, file: true });
    }
    const hidden = ['/tmp', '/var/tmp', '/run', '/home', '/root', '/work', '/opt', '/srv', '/mnt', '/media'];
    const lines = [
      'exec >"$1" 2>&1',
      'set -eu',
      `R=${sh(root)}`,
      `mkdir -p ${sh(layer)} "$R"`,
      `mount -t tmpfs -o mode=0755 layer ${sh(layer)}`,
      `mkdir -p ${sh(layer)}/upper ${sh(layer)}/work`,
      `mount -t overlay overlay -o lowerdir=/,upperdir=${sh(layer)}/upper,workdir=${sh(layer)}/work "$R"`,
      `for d in ${hidden.join(' ')}; do if [ -d "$R$d" ] && [ ! -L "$R$d" ]; then m=0755; case $d in */tmp) m=1777;; esac; mount -t tmpfs -o mode=$m image "$R$d"; echo "$d" >> ${sh(layer)}/hidden; fi; done`,
      // Mount points (and the working directory) are made in the container's own layer, resolving symlinks inside its root.
      'point() { p=$(chroot "$R" realpath -m -- "$1"); if [ "$2" = file ]; then mkdir -p "$(dirname "$R$p")"; [ -e "$R$p" ] || : > "$R$p"; else mkdir -p "$R$p"; fi; echo "$p"; }',
      ...binds.map((b, i) => `P${i}=$(point ${sh(b.path)} ${b.file ? 'file' : 'dir'})`),
      `WD=$(point ${sh(c.workingDir)} dir)`,
      `while read -r d; do mount -o remount,ro "$R$d"; done < ${sh(layer)}/hidden`,
      ...(c.readOnlyRootFilesystem ? ['mount -o remount,ro "$R"'] : []),
      'mount --rbind /dev "$R/dev"',
      'mount -t tmpfs -o mode=1777 shm "$R/dev/shm"',
      'mount -t proc proc "$R/proc"',
      'mount --rbind -o ro /sys "$R/sys" 2>/dev/null || mount --rbind /sys "$R/sys"',
      ...binds.flatMap((b, i) => [
        `mount --bind ${sh(b.source)} "$R$P${i}"`,
        ...(b.readOnly ? [`mount -o remount,bind,ro "$R$P${i}"`] : []),
      ]),
      `hostname ${sh(pod.hostname)}`,
      'cd "$R"',
      `exec chroot "$R" ${this.privileges(c).map(sh).join(' ')} -- /usr/bin/env -i -C "$WD" ${Object.entries(c.env).map(([k, v]) => sh(`${k}=${v}`)).join(' ')} ${c.argv.map(sh).join(' ')}`,
    ];
    if (c.entrypointError) {
      // The image's entrypoint script exits before exec'ing anything; reproduce its message and status.
      lines.splice(lines.length - 1, 1, `echo ${sh(c.entrypointError)} >&2`, 'exit 1');
    }
    return `${lines.join('\n')}\n`;
  }

  /** `setpriv` arguments: the container's ids, no capabilities at all, no privilege escalation. */
  public privileges(c: ContainerPlan): string[] {
    return [
      '/usr/bin/setpriv',
      `--reuid=${c.user}`,
      `--regid=${c.group}`,
      c.supplementalGroups.length ? `--groups=${c.supplementalGroups.join(',')}` : '--clear-groups',
      '--inh-caps=-all',
      '--ambient-caps=-all',
      '--bounding-set=-all',
      ...(c.noNewPrivileges ? ['--no-new-privs'] : []),
    ];
  }

  /** Writes the pod's /etc/hosts, /etc/hostname and /etc/resolv.conf. */
  public writeNetworkFiles(pod: PodPlan, hosts: string): void {
    const dir = path.join(this.dirs.work, 'pods', pod.name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc-hosts'), hosts);
    fs.writeFileSync(path.join(dir, 'etc-hostname'), `${pod.hostname}\n`);
    // No resolver: names resolve through /etc/hosts only (a query to this address gets no answer).
    fs.writeFileSync(path.join(dir, 'etc-resolv.conf'), 'nameserver 127.0.0.53\noptions ndots:1 timeout:1 attempts:1\n');
  }

  /** Runs one probe; true on success. */
  public async probe(pod: PodPlan, c: ContainerPlan, probe: ProbePlan, pid: number | undefined): Promise<{ ok: boolean; message: string }> {
    const timeout = probe.timeoutSeconds * 1000;
    const action = probe.action;
    if ('http' in action) {
      const url = `http://${pod.ip}:${action.http.port}${action.http.path}`;
      return new Promise((resolve) => {
        const req = http.get({ host: pod.ip, port: action.http.port, path: action.http.path, timeout, headers: { 'User-Agent': 'kube-probe/1.28' } }, (res) => {
          res.resume();
          const status = res.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 400, message: `HTTP probe failed with statuscode: ${status} (${url})` });
        });
        req.on('timeout', () => req.destroy(new Error(`timeout after ${timeout} ms`)));
        req.on('error', (e) => resolve({ ok: false, message: `Get "${url}": ${e.message}` }));
      });
    }
    if ('tcp' in action) {
      return new Promise((resolve) => {
        const socket = net.connect({ host: pod.ip, port: action.tcp, timeout });
        socket.on('connect', () => {
          socket.destroy();
          resolve({ ok: true, message: '' });
        });
        socket.on('timeout', () => {
          socket.destroy();
          resolve({ ok: false, message: `dial tcp ${pod.ip}:${action.tcp}: i/o timeout` });
        });
        socket.on('error', (e) => resolve({ ok: false, message: `dial tcp ${pod.ip}:${action.tcp}: ${e.message}` }));
      });
    }
    if (!pid) return { ok: false, message: 'container not running' };
    const result = await this.exec(c, pid, action.exec, timeout);
    return { ok: result.code === 0, message: `command ${JSON.stringify(action.exec)} exited ${result.code === 124 ? `(timed out after ${timeout} ms)` : result.code}: ${result.output.trim().split('\n').slice(-3).join(' | ')}` };
  }

  /** Runs a command inside a running container (as `kubectl exec` would). */
  public exec(c: ContainerPlan, pid: number, command: readonly string[], timeoutMs: number, input?: string): Promise<{ code: number; output: string }> {
    const env = Object.entries(c.env).map(([k, v]) => `${k}=${v}`);
    return runAsync('nsenter', ['-t', String(pid), '-m', '-n', '-u', '-i', '-p', '-r', '-w', '--', ...this.privileges(c), '--', '/usr/bin/env', '-i', ...env, ...command], timeoutMs, input);
  }
}
