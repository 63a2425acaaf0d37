import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as profiles from '../profiles/builtin-profiles';
import { EnvironmentProfile } from '../profiles/environment-profile';
import { adminClientAddress, BootFailure, Clients, Cluster, INTERNET_CLIENT, readObjects, readStages } from './cluster';
import { platformChecks, runChecks } from './e2e';
import { Kubelet } from './kubelet';
import { PlanError } from './plan';
import { run } from './shell';

/**
 * `npm run boot [-- --env ENV ...]`: boots every pod of each environment's synthesized output with the real
 * programs (see README "Boot test"), runs the end-to-end checks, and exits non-zero on any failure. Runs
 * inside the private network, mount and PID namespaces `scripts/boot.js` creates, so every process,
 * mount and network namespace it makes disappears with it, whatever happens.
 */

const USAGE = `usage: npm run boot -- [--env ENV]... [--dist DIR] [--only WORKLOAD]... [--no-e2e] [--timeout SECONDS]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string', multiple: true },
      dist: { type: 'string', default: 'dist' },
      only: { type: 'string', multiple: true },
      'no-e2e': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '150' },
      domain: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (process.env.SHIPYARD_BOOT_ISOLATED !== '1') {
    console.error('boot: run through `npm run boot` (scripts/boot.js creates the namespaces it needs)');
    return 2;
  }
  const repo = process.cwd();
  const dist = path.resolve(values.dist ?? 'dist');
  const envs = values.env?.length ? values.env : fs.readdirSync(dist).filter((e) => fs.statSync(path.join(dist, e)).isDirectory()).sort();
  const timeoutMs = Number(values.timeout) * 1000;
  let failed = 0;
  for (const env of envs) {
    const start = Date.now();
    const ok = await bootOne(env, {
      dir: path.join(dist, env),
      repo,
      profile: profileOf(env),
      domain: values.domain,
      only: values.only,
      e2e: !values['no-e2e'],
      timeoutMs,
    });
    console.log(`boot ${env}: ${ok ? 'PASS' : 'FAIL'} in ${((Date.now() - start) / 1000).toFixed(1)} s`);
    if (!ok) failed++;
  }
  return failed ? 1 : 0;
}

function profileOf(env: string): EnvironmentProfile | undefined {
  return Object.values(profiles).find((p): p is EnvironmentProfile => typeof p === 'object' && (p as EnvironmentProfile).name === env);
}

interface BootOptions {
  readonly dir: string;
  readonly repo: string;
  /** The environment's built-in profile (its domain and admin ranges), if it has one. */
  readonly profile?: EnvironmentProfile;
  /** The domain, when the environment has no built-in profile. */
  readonly domain?: string;
  readonly only?: string[];
  readonly e2e: boolean;
  readonly timeoutMs: number;
}

async function bootOne(env: string, o: BootOptions): Promise<boolean> {
  const work = fs.mkdtempSync('/tmp/shipyard-boot-');
  run('mount', ['-t', 'tmpfs', '-o', 'mode=0755,size=2g', 'shipyard-boot', work]);
  const logs = path.join(o.repo, '.build', 'boot-logs', env);
  fs.rmSync(logs, { recursive: true, force: true });
  fs.mkdirSync(logs, { recursive: true });
  const kubelet = new Kubelet({ work, standIns: path.join(o.repo, 'src', 'boot', 'stand-ins'), logs });
  let cluster: Cluster | undefined;
  try {
    const domain = o.domain ?? o.profile?.domain;
    if (!domain) throw new Error(`boot: no built-in profile "${env}"; pass --domain`);
    const clients: Clients = { internet: INTERNET_CLIENT, admin: adminClientAddress(o.profile?.network?.adminSources ?? []) };
    const objects = readObjects(o.dir);
    const { plan: full, all, standIns } = Cluster.plan(objects, domain, work);
    const plan = o.only?.length ? { ...full, pods: full.pods.filter((p) => o.only?.includes(p.workload)) } : full;
    console.log(`boot ${env}: ${plan.pods.length} pods, ${plan.services.length} Services, ${plan.policies.length} NetworkPolicies (enforced)`);
    for (const s of standIns) console.log(`  stand-in: ${s}`);
    for (const image of plan.unknownImages) console.log(`  not booted (unknown image): ${image}`);
    for (const pod of plan.pods) for (const c of pod.containers) console.log(`  ${pod.name}/${c.name}: ${c.standIn ? 'stand-in: ' : ''}${c.runs}; uid ${c.user}; ${JSON.stringify(c.argv)}`);
    cluster = new Cluster(env, plan, kubelet, all, clients, readStages(o.dir));
    console.log(`  release stages: ${cluster.stages.order.join(' → ')}`);
    console.log(`  clients: internet ${clients.internet}, admin ${clients.admin ?? '(the profile lists no admin range)'}`);
    cluster.setupNode();
    seedVolumes(work, plan.pods.flatMap((p) => p.volumes));
    const t0 = Date.now();
    await cluster.startAll(o.timeoutMs, (line) => console.log(line));
    const jobs = plan.pods.filter((p) => p.job).length;
    console.log(`  all ${plan.pods.length - jobs} pods ready${jobs ? ` and ${jobs} Job(s) completed` : ''}, stage by stage, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!o.e2e || o.only?.length) return true;
    const results = await runChecks(platformChecks(cluster, domain), (line) => console.log(line));
    return results.every((r) => r.ok);
  } catch (e) {
    if (e instanceof BootFailure) {
      console.log(`  FAIL ${e.message}\n${e.details}`);
    } else if (e instanceof PlanError) {
      console.log(`  FAIL ${env}: ${e.message}`);
    } else {
      console.log(`  FAIL ${env}: ${(e as Error).stack ?? String(e)}`);
    }
    return false;
  } finally {
    await cluster?.teardown();
    try {
      run('umount', ['-l', work]);
      fs.rmdirSync(work);
    } catch {
      /* the namespace goes away with this process anyway */
    }
  }
}

/** Stands in for the deployment pipeline's upload of static assets: one file on the static-assets volume. */
function seedVolumes(work: string, volumes: readonly { kind: string; name: string; claim?: string }[]): void {
  for (const v of volumes) {
    if (v.kind === 'pvc' && v.claim === 'static-assets') {
      const dir = path.join(work, 'pvc', v.claim);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'boot-asset.txt'), 'boot static asset\n');
    }
  }
}

let exiting = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    // This process is PID 1 of the boot's PID namespace: exiting kills every pod process with it.
    console.error(`boot: ${signal}, stopping`);
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
