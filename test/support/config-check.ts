import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Obj } from './render';

/**
 * Runs a configuration checker (`haproxy -c`, `varnishd -C`, `promtool check config`, ...) against
 * the files a synthesized pod would see, where the pod would see them.
 *
 * Like the kubelet, it first runs the pod's init containers (their command, with the program of this
 * machine, e.g. `openssl`, against their volume mounts), then materialises the main container's ConfigMap, Secret, emptyDir and PVC volumes
 * (ConfigMap `items` and mount `subPath` included) and mounts them at their `mountPath`, in a
 * private mount namespace (`unshare --mount`): the checker reads the image's own paths, and nothing
 * outside the namespace changes. Directories a path needs that this machine lacks are created in an
 * overlay (tmpfs upper layer) over the nearest existing parent, so the host is not written to.
 * Service names resolve through a private `/etc/hosts` mapping them to loopback addresses, so a
 * checker that resolves backends (HAProxy, Varnish) checks them without the cluster's DNS.
 */
export interface PodCheck {
  /** Synthesized objects: the workload and its ConfigMaps (and Secrets, if inline). */
  readonly objects: readonly Obj[];
  /** Name of the Deployment or StatefulSet. */
  readonly workload: string;
  /** Contents of Secrets the objects only reference (ExternalSecrets, test certificates): name → key → text. */
  readonly secrets?: Record<string, Record<string, string>>;
  /** Host names to resolve (Service names), each to its own loopback address. */
  readonly hosts?: readonly string[];
  /** Further read-only bind mounts (a program's module directory at the image's path): source → target. */
  readonly binds?: Record<string, string>;
  /** Directories the image itself holds (an application's document root), created empty. */
  readonly imageDirs?: readonly string[];
  /** The checker and its arguments. */
  readonly command: readonly string[];
  /**
   * Run in a private network namespace too, with only its loopback up (for tests that start the
   * program and talk to it: nothing leaves the namespace).
   * @default false
   */
  readonly privateNetwork?: boolean;
  /**
   * Run the checker as the container's `runAsUser`/`runAsGroup` without supplementary groups, as
   * the pod would (some programs check differently as root, e.g. php-fpm requires a pool user).
   * @default false (root)
   */
  readonly asContainerUser?: boolean;
}

/** What the checker said. */
export interface CheckResult {
  /** Exit status (-1 when it did not exit by itself). */
  readonly status: number;
  /** stdout and stderr, interleaved. */
  readonly output: string;
  /** The command line, for messages. */
  readonly commandLine: string;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function decode(value: string, base64: boolean): string {
  return base64 ? Buffer.from(value, 'base64').toString('utf8') : value;
}

/** The files of one pod volume, as key → content; `undefined` for an empty writable volume. */
function volumeFiles(volume: Obj, objects: readonly Obj[], secrets: PodCheck['secrets']): Record<string, string> | undefined {
  const pick = (data: Record<string, string>, items: Obj[] | undefined, what: string) => {
    if (!items) return data;
    const out: Record<string, string> = {};
    for (const item of items) {
      if (!(item.key in data)) throw new Error(`${what} has no key "${item.key}"`);
      out[item.path] = data[item.key];
    }
    return out;
  };
  if (volume.configMap) {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name);
    if (!cm) throw new Error(`ConfigMap "${volume.configMap.name}" is not among the objects`);
    return pick({ ...(cm.data ?? {}) }, volume.configMap.items, `ConfigMap "${volume.configMap.name}"`);
  }
  if (volume.secret) {
    const name = volume.secret.secretName;
    const given = secrets?.[name];
    const inline = objects.find((o) => o.kind === 'Secret' && o.metadata.name === name);
    const data = given ?? (inline ? { ...Object.fromEntries(Object.entries(inline.data ?? {}).map(([k, v]) => [k, decode(String(v), true)])), ...(inline.stringData ?? {}) } : undefined);
    if (!data) throw new Error(`Secret "${name}": give its contents in \`secrets\``);
    return pick(data, volume.secret.items, `Secret "${name}"`);
  }
  return undefined;
}

/** Runs `check.command` in a private mount namespace holding the pod's files. */
export function checkInPod(check: PodCheck): CheckResult {
  if (process.getuid?.() !== 0) throw new Error('checkInPod mounts in a private mount namespace (unshare --mount) and needs root, as CI has');
  const workload = check.objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === check.workload);
  if (!workload) throw new Error(`no Deployment or StatefulSet "${check.workload}"`);
  const pod = workload.spec.template.spec;
  const container = pod.containers.find((c: Obj) => c.name === check.workload) ?? pod.containers[0];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'config-check-'));
  try {
    // Sources are reached through an open descriptor of the scratch root ($R), so mounting over
    // the directory it lives in (an emptyDir at /tmp) does not hide them.
    const prelude = ['set -eu', `exec 9<${q(root)}`, 'R=/proc/self/fd/9', 'mount -t tmpfs tmpfs "$R/ovl"', 'n=0', 'OVERLAID=', `ensure_dir() {
  [ -d "$1" ] && return 0
  local parent="$1" o
  while [ ! -e "$parent" ]; do parent=$(dirname "$parent"); done
  for o in $OVERLAID; do
    case "$parent/" in "$o"/*) mkdir -p "$1"; return 0 ;; esac
  done
  n=$((n + 1)); mkdir -p "$R/ovl/$n/up" "$R/ovl/$n/work"
  mount -t overlay overlay -o "lowerdir=$parent,upperdir=$R/ovl/$n/up,workdir=$R/ovl/$n/work" "$parent"
  OVERLAID="$OVERLAID $parent"
  mkdir -p "$1"
}`, `ensure_file() {
  ensure_dir "$(dirname "$1")"
  [ -e "$1" ] || touch "$1"
}`];
    const inRoot = (p: string) => `"$R"/${q(path.relative(root, p))}`;
    fs.mkdirSync(`${root}/ovl`);
    const volumes = new Map<string, string>();
    for (const volume of pod.volumes ?? []) {
      const dir = path.join(root, 'volumes', volume.name);
      fs.mkdirSync(dir, { recursive: true });
      const files = volumeFiles(volume, check.objects, check.secrets);
      for (const [file, text] of Object.entries(files ?? {})) fs.writeFileSync(path.join(dir, file), text);
      if (!files) fs.chmodSync(dir, 0o777); // emptyDir and claims: writable by the pod's user, as on a node
      volumes.set(volume.name, dir);
    }
    for (const claim of workload.spec.volumeClaimTemplates ?? []) {
      const dir = path.join(root, 'volumes', claim.metadata.name);
      fs.mkdirSync(dir, { recursive: true });
      fs.chmodSync(dir, 0o777);
      volumes.set(claim.metadata.name, dir);
    }
    const mountLines = (c: Obj): string[] =>
      (c.volumeMounts ?? []).flatMap((mount: Obj) => {
        const dir = volumes.get(mount.name);
        if (!dir) throw new Error(`volumeMount "${mount.name}" has no volume`);
        const source = mount.subPath ? path.join(dir, mount.subPath) : dir;
        return [
          `${mount.subPath ? 'ensure_file' : 'ensure_dir'} ${q(mount.mountPath)}`,
          `mount --bind ${inRoot(source)} ${q(mount.mountPath)}`,
          ...(mount.readOnly ? [`mount -o remount,bind,ro ${q(mount.mountPath)}`] : []),
        ];
      });
    // Init containers that prepare files run to completion first; native sidecars (restartPolicy: Always,
    // the Cloud SQL proxy) are long-running programs the checker does not need.
    for (const [i, init] of (pod.initContainers ?? []).filter((c: { restartPolicy?: string }) => c.restartPolicy !== 'Always').entries()) {
      fs.writeFileSync(path.join(root, `init-${i}.sh`), [...prelude, ...mountLines(init), `exec ${[...(init.command ?? []), ...(init.args ?? [])].map(q).join(' ')}`].join('\n') + '\n');
      const ran = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', path.join(root, `init-${i}.sh`)], { encoding: 'utf8', timeout: 60_000 });
      if (ran.status !== 0) return { status: ran.status ?? -1, output: `init container ${init.name}: ${ran.stdout ?? ''}${ran.stderr ?? ''}`, commandLine: check.command.join(' ') };
    }
    const script = [...prelude, ...mountLines(container)];
    for (const dir of check.imageDirs ?? []) script.push(`ensure_dir ${q(dir)}`);
    for (const [source, target] of Object.entries(check.binds ?? {})) {
      script.push(`${fs.statSync(source).isDirectory() ? 'ensure_dir' : 'ensure_file'} ${q(target)}`, `mount --bind ${q(source)} ${q(target)}`, `mount -o remount,bind,ro ${q(target)}`);
    }
    const hosts = ['127.0.0.1 localhost', ...(check.hosts ?? []).map((h, i) => `127.0.${Math.floor(i / 250) + 1}.${(i % 250) + 2} ${h}`)];
    fs.writeFileSync(path.join(root, 'hosts'), hosts.join('\n') + '\n');
    const ctx = container.securityContext ?? {};
    const user = check.asContainerUser ? ['setpriv', `--reuid=${ctx.runAsUser}`, `--regid=${ctx.runAsGroup ?? ctx.runAsUser}`, '--clear-groups', '--'] : [];
    // Output goes through a pipe the checker's user owns, as runc gives a container's stdio to its
    // user: programs that reopen /proc/self/fd/2 (php-fpm's error_log) can, as in a pod.
    script.push(
      `mount --bind ${inRoot(path.join(root, 'hosts'))} /etc/hosts`,
      `exec ${[...user, 'bash', '-c', 'set -o pipefail; "$@" 2>&1 | cat', 'check', ...check.command].map(q).join(' ')}`,
    );
    if (check.privateNetwork) script.splice(1, 0, 'ip link set lo up');
    fs.writeFileSync(path.join(root, 'run.sh'), script.join('\n') + '\n');
    const run = spawnSync('unshare', [
      // A PID namespace whose processes all die with it (and with unshare, if a timeout kills it):
      // nothing a check starts outlives it.
      '--pid', '--fork', '--kill-child', '--mount', '--propagation', 'private', ...(check.privateNetwork ? ['--net'] : []), 'bash', path.join(root, 'run.sh')], { encoding: 'utf8', timeout: 60_000 });
    return { status: run.status ?? -1, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`, commandLine: check.command.join(' ') };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Fails with the checker's own output unless it accepted the configuration. */
export function expectAccepted(result: CheckResult): void {
  if (result.status !== 0) throw new Error(`\`${result.commandLine}\` refused the configuration (exit ${result.status}):\n${result.output}`);
}

/** A scratch directory for a checker's own working files (e.g. varnishd -n), removed by the caller. */
export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'config-check-work-'));
}
