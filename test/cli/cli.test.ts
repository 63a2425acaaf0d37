/**
 * The CLI as a user runs it: `node .build/cli.js ...` in a subprocess. The bundle is built once and
 * every run is started up front (in parallel), so the suite stays at a few seconds; the tests then
 * assert on the results. Output always goes to temporary directories, never the repository's dist/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildCli, CliResult, hasStackTrace, runCli, snapshotDir } from './run-cli';

const STAGING_2 = 'acme-shop-staging:europe-west1:shop-staging-2';

let tmp: string;
let keep: string;
let keepBefore: Record<string, string>;
const r: Record<string, CliResult> = {};

/** Starts every run at once; resolves when all have finished, their results in `r`. */
async function runAll(runs: Record<string, string[]>): Promise<void> {
  await Promise.all(Object.entries(runs).map(async ([name, args]) => (r[name] = await runCli(args))));
}

beforeAll(async () => {
  buildCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-cli-'));
  // A pre-existing output directory that failing runs must leave byte-identical.
  keep = path.join(tmp, 'keep');
  fs.mkdirSync(path.join(keep, 'gke'), { recursive: true });
  fs.mkdirSync(path.join(keep, 'staging'), { recursive: true });
  fs.writeFileSync(path.join(keep, 'gke', '20-workloads.yaml'), '# previous gke output\n');
  fs.writeFileSync(path.join(keep, 'staging', '00-cluster.yaml'), '# previous staging output\n');
  fs.writeFileSync(path.join(keep, 'README'), 'not touched\n');
  keepBefore = snapshotDir(keep);
  const out = (name: string) => path.join(tmp, name);

  // Validation of the first run's output starts as soon as it is written, while the others run.
  const validation = runAll({ fresh: ['synth', '--env', 'minikube', '--env', 'staging', '--outdir', out('fresh'), '--quiet'] }).then(() => validateRuns(out));
  const others = runAll({
    clone: ['synth', '--env', 'staging', '--set', 'gcp.sqlInstance=shop-staging-2', '--outdir', out('clone')],
    staging: ['synth', '--env', 'staging', '--set', `database.instanceConnectionName=${STAGING_2}`, '--set', 'services.checkout.replicas=5', '--outdir', out('staging')],
    capacity: ['synth', '--env', 'staging', '--env', 'gke', '--set', 'gke:autoscaling.maxReplicas=1000', '--outdir', keep],
    scoped: ['synth', '--env', 'staging', '--env', 'minikube', '--set', 'staging:services.checkout.replicas=4', '--manifests-only', '--outdir', out('scoped')],
    badPath: ['synth', '--set', 'autoscaling.maxReplica=3', '--outdir', keep],
    badService: ['synth', '--env', 'staging', '--set', 'services.chekout.replicas=5', '--outdir', keep],
    badProfile: ['synth', '--env', 'staging', '--set', 'autoscaling.minReplicas=10', '--outdir', keep],
    unknownEnv: ['synth', '--env', 'prod', '--outdir', keep],
    unknownEnvDebug: ['synth', '--env', 'prod', '--outdir', keep, '--debug'],
    unknownOption: ['synth', '--outdri', keep],
    unknownCommand: ['synht'],
    noCommand: [],
    diffTable: ['diff', 'staging', 'gke'],
    diffMarkdown: ['diff', 'staging', 'gke', '--format', 'markdown', '--set', 'staging:services.checkout.tag=1.1.0'],
    diffOneArg: ['diff', 'staging'],
    envs: ['envs'],
    envsJson: ['envs', '--format', 'json'],
    synthHelp: ['synth', '--help'],
    helpSet: ['synth', '--help-set'],
    validateMissing: ['validate', out('does-not-exist')],
  });
  await Promise.all([validation, others]);
}, 120_000);

/** Validates what the first run wrote, and a tampered copy of its staging directory. */
async function validateRuns(out: (name: string) => string): Promise<void> {
  if (r.fresh.code !== 0) return; // the 'synth' tests report it
  const tampered = out('tampered');
  fs.cpSync(path.join(out('fresh'), 'staging'), path.join(tampered, 'staging'), { recursive: true });
  const workloads = path.join(tampered, 'staging', '20-workloads.yaml');
  fs.writeFileSync(workloads, fs.readFileSync(workloads, 'utf8').replace('shop-checkout:1.0.0', 'shop-checkout:latest'));
  await runAll({
    validateFresh: ['validate', out('fresh')],
    validateTampered: ['validate', tampered],
    validateTamperedFlatJson: ['validate', path.join(tampered, 'staging'), '--format', 'json'],
  });
}

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const noStack = (res: CliResult) => expect(hasStackTrace(res.stderr + res.stdout)).toBe(false);
const oneParagraph = (res: CliResult) => expect(res.stderr.trim()).not.toMatch(/\n\s*\n/);

describe('synth', () => {
  test('writes every selected environment; --quiet prints nothing', () => {
    expect(r.fresh).toMatchObject({ code: 0, stdout: '', stderr: '' });
    // Manifests per environment, and the Terraform stack of the one on Google Cloud, from the same run.
    expect(fs.readdirSync(path.join(tmp, 'fresh')).sort()).toEqual(['.shipyard-owned', 'cdktf.out', 'minikube', 'staging']);
    expect(fs.readdirSync(path.join(tmp, 'fresh', 'cdktf.out', 'stacks'))).toEqual(['staging']);
  });

  test('--set gcp.sqlInstance changes the manifests and the Terraform stack of the same run alike', () => {
    expect(r.clone.code).toBe(0);
    const manifests = fs.readFileSync(path.join(tmp, 'clone', 'staging', '20-workloads.yaml'), 'utf8');
    expect(manifests).toContain('acme-shop-staging:europe-west1:shop-staging-2');
    const stack = JSON.parse(fs.readFileSync(path.join(tmp, 'clone', 'cdktf.out', 'stacks', 'staging', 'cdk.tf.json'), 'utf8'));
    const instances = Object.values(stack.resource.google_sql_database_instance as Record<string, { name: string }>).map((i) => i.name);
    expect(instances).toEqual(['shop-staging-2']);
    expect(r.clone.stdout).toContain('overrides applied: --set gcp.sqlInstance=shop-staging-2');
  });

  test('--env staging --set database.instanceConnectionName writes only <outdir>/staging, with that instance in the proxy args', () => {
    expect(r.staging.code).toBe(0);
    expect(fs.readdirSync(path.join(tmp, 'staging')).sort()).toEqual(['.shipyard-owned', 'cdktf.out', 'staging']);
    const objects = fs
      .readdirSync(path.join(tmp, 'staging', 'staging'))
      .filter((f) => /^\d\d-.*\.yaml$/.test(f))
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(tmp, 'staging', 'staging', f), 'utf8')).map((d) => d.toJS()));
    const proxies = objects
      .filter((o) => o?.kind === 'Deployment')
      .flatMap((d) => d.spec.template.spec.initContainers ?? [])
      .filter((c: { name: string }) => c.name === 'cloud-sql-proxy');
    expect(proxies.length).toBeGreaterThan(0);
    for (const p of proxies) expect(p.args).toContain(STAGING_2);
    const checkout = objects.find((o) => o?.kind === 'Deployment' && o.metadata.name === 'checkout');
    expect(checkout.spec.replicas).toBe(5);
    expect(objects.find((o) => o?.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'checkout')).toBeUndefined();
    // The release says it is not what a plain synth renders: the overrides, as typed, in release.json.
    const release = JSON.parse(fs.readFileSync(path.join(tmp, 'staging', 'staging', 'release', 'release.json'), 'utf8'));
    expect(release.overrides).toEqual([`database.instanceConnectionName=${STAGING_2}`, 'services.checkout.replicas=5']);
  });

  test('an override scoped to one environment is recorded in that environment\'s release only; a plain synth records none', () => {
    expect(r.scoped.code).toBe(0);
    const release = (env: string) => JSON.parse(fs.readFileSync(path.join(tmp, 'scoped', env, 'release', 'release.json'), 'utf8'));
    expect(release('staging').overrides).toEqual(['staging:services.checkout.replicas=4']);
    expect(release('minikube')).not.toHaveProperty('overrides');
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'gke', 'release', 'release.json'), 'utf8'));
    expect(committed).not.toHaveProperty('overrides');
  });

  test('the summary names the overrides, object counts and capacity headroom; no progress lines or colours off a TTY', () => {
    expect(r.staging.stdout).toMatch(/Synthesized 1 environment/);
    expect(r.staging.stdout).toContain(`--set database.instanceConnectionName=${STAGING_2}`);
    expect(r.staging.stdout).toMatch(/staging\s+gke\s+\d+ objects \+ stack, 0 waived; capacity: fits at maximum scale .*headroom/);
    expect(r.staging.stdout).not.toContain('✓');
    expect(r.staging.stdout).not.toContain('\u001b[');
  });

  test('an environment that no longer fits its capacity fails with exit 1 and writes nothing', () => {
    expect(r.capacity.code).toBe(1);
    expect(r.capacity.stderr).toMatch(/1 of 2 environment\(s\) failed \(gke\); nothing was written/);
    expect(r.capacity.stderr).toMatch(/environment "gke": does not fit its maximum/);
    noStack(r.capacity);
  });

  test('failing runs leave a pre-existing outdir byte-identical', () => {
    expect(snapshotDir(keep)).toEqual(keepBefore);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.keep'))).toEqual([]);
  });
});

describe('--set', () => {
  test('an unknown path exits 2 suggesting the closest paths', () => {
    expect(r.badPath.code).toBe(2);
    expect(r.badPath.stderr).toContain('unknown path "autoscaling.maxReplica"');
    expect(r.badPath.stderr).toContain('did you mean "autoscaling.maxReplicas"');
    noStack(r.badPath);
    oneParagraph(r.badPath);
  });


  test('services.<name> must name a workload', () => {
    expect(r.badService.code).toBe(2);
    expect(r.badService.stderr).toMatch(/environment "staging" has no service "chekout" \(did you mean "checkout"/);
    oneParagraph(r.badService);
  });

  test('a profile made invalid by --set exits 2 naming environment and field', () => {
    expect(r.badProfile.code).toBe(2);
    expect(r.badProfile.stderr).toContain('environment "staging": invalid profile');
    expect(r.badProfile.stderr).toMatch(/autoscaling\.(min|max)Replicas/);
    expect(r.badProfile.stderr).toContain('--set autoscaling.minReplicas=10');
    noStack(r.badProfile);
    oneParagraph(r.badProfile);
  });


  test('--help lists the settable paths; --help-set adds descriptions and defaults', () => {
    for (const p of ['registry', 'domain', 'database.host', 'database.instanceConnectionName', 'autoscaling.minReplicas', 'autoscaling.maxReplicas', 'loadBalancer.addresses', 'services.<name>.replicas', 'services.<name>.tag']) {
      expect(r.synthHelp.stdout).toMatch(new RegExp(`^  ${p.replace(/[.<>]/g, '\\$&')}\\s`, 'm'));
      expect(r.helpSet.stdout).toContain(`  ${p}: `);
    }
    expect(r.helpSet.stdout).toContain('autoscaling.targetCpuUtilization: integer, default 70');
    expect(r.helpSet.stdout).toContain('Upper bound of the HPA');
    expect(r.helpSet.stdout).toContain('ENV:');
  });
});

describe('usage errors', () => {
  test('an unknown environment exits 2 listing the known ones, without a stack trace', () => {
    expect(r.unknownEnv.code).toBe(2);
    expect(r.unknownEnv.stderr).toContain('unknown environment "prod"');
    expect(r.unknownEnv.stderr).toContain('known environments: minikube, staging, gke, baremetal');
    noStack(r.unknownEnv);
    oneParagraph(r.unknownEnv);
  });

  test('--debug shows the stack trace', () => {
    expect(r.unknownEnvDebug.code).toBe(2);
    expect(hasStackTrace(r.unknownEnvDebug.stderr)).toBe(true);
  });

  test('unknown options and commands suggest the closest one', () => {
    expect(r.unknownOption.code).toBe(2);
    expect(r.unknownOption.stderr).toContain('unknown option "--outdri" (did you mean "--outdir"?)');
    expect(r.unknownCommand.code).toBe(2);
    expect(r.unknownCommand.stderr).toContain('did you mean "synth"');
    expect(r.noCommand.code).toBe(2);
    expect(r.noCommand.stdout).toContain('Usage: shipyard-k8s <command>');
    expect(r.noCommand.stdout).toContain('envs      list the environments, their platform and where each is declared');
    noStack(r.unknownOption);
  });

});

describe('diff', () => {
  test('staging vs gke: HPA ranges, Cloud SQL instance and domain-derived config', () => {
    const { code, stdout, stderr } = r.diffTable;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^checkout\s+replicas\s+HPA 2\.\.4 at 70% CPU\s+HPA 3\.\.30 at 70% CPU$/m);
    expect(stdout).toMatch(/database\s+Cloud SQL proxy → acme-shop-staging:europe-west1:shop-staging\s+Cloud SQL proxy → acme-shop-prod:europe-west1:shop-production/);
    expect(stdout).toMatch(/config checkout-config: PAYMENTS_CALLBACK_URL\s+https:\/\/staging\.shop\.example\.com\/checkout\/callback\s+https:\/\/shop\.example\.com\/checkout\/callback/);
    expect(stdout).toMatch(/config haproxy-config: haproxy\.cfg\s+acl host_0 req\.hdr\(host\),field\(1,:\),lower -m str ops\.staging\.shop\.examp/);
    expect(stdout).toContain('Only in staging: (none)');
    expect(stdout).toMatch(/ServiceAccount\/shop-app\s+metadata\.annotations\.iam\.gke\.io\/gcp-service-account/);
  });

  test('markdown has tables, applies --set to one side, and a mermaid graph of the NetworkPolicy edges', () => {
    const { code, stdout } = r.diffMarkdown;
    expect(code).toBe(0);
    expect(stdout).toContain('| Workload | Aspect | `staging` | `gke` |');
    expect(stdout).toContain('| **checkout** (Deployment) | replicas | `HPA 2..4 at 70% CPU` | `HPA 3..30 at 70% CPU` |');
    expect(stdout).toMatch(/\| image \| `europe-docker\.pkg\.dev\/acme-shop-staging\/images\/shop-checkout:1\.1\.0` \| `europe-docker\.pkg\.dev\/acme-shop-prod\/images\/shop-checkout:1\.0\.0@sha256:[a-f0-9]{64}` \|/);
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(stdout);
    expect(mermaid).not.toBeNull();
    expect(mermaid![1]).toMatch(/^graph LR$/m);
    expect(mermaid![1]).toContain('n_internet --> n_haproxy');
    expect(mermaid![1]).toContain('n_web --> n_php_fpm');
    expect(mermaid![1]).toContain('n_varnish --> n_web');
  });

  test('needs two environments', () => {
    expect(r.diffOneArg.code).toBe(2);
    expect(r.diffOneArg.stderr).toContain('expected two environments');
  });
});

describe('envs', () => {
  test('lists the four environments with their platform', () => {
    expect(r.envs.code).toBe(0);
    for (const [env, platform] of [['minikube', 'minikube'], ['staging', 'gke'], ['gke', 'gke'], ['baremetal', 'baremetal']]) {
      expect(r.envs.stdout).toMatch(new RegExp(`^${env}\\s+${platform}\\s`, 'm'));
    }
    expect(JSON.parse(r.envsJson.stdout).map((e: { name: string; platform: string }) => [e.name, e.platform])).toEqual([
      ['minikube', 'minikube'],
      ['staging', 'gke'],
      ['gke', 'gke'],
      ['baremetal', 'baremetal'],
    ]);
  });
});

describe('validate', () => {
  test('a freshly synthesized directory passes (minikube may carry inline secrets)', () => {
    expect(r.validateFresh.code).toBe(0);
    expect(r.validateFresh.stdout).toMatch(/minikube\s+\d+ objects, 0 error/);
    expect(r.validateFresh.stdout).toMatch(/staging\s+\d+ objects, 0 error/);
  });

  test('a tampered directory (image tag :latest) exits 1 with the finding', () => {
    expect(r.validateTampered.code).toBe(1);
    expect(r.validateTampered.stdout).toMatch(/ERROR \[staging\] Deployment shop\/checkout .*violates image-tag-pinned/);
    expect(r.validateTampered.stdout).toContain('1 error finding(s) in 1 environment(s)');
  });

  test('a flat directory is one environment (named after it); --format json prints an array of findings', () => {
    expect(r.validateTamperedFlatJson.code).toBe(1);
    const findings = JSON.parse(r.validateTamperedFlatJson.stdout);
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'image-tag-pinned', severity: 'error', environment: 'staging', object: 'Deployment shop/checkout' })]);
  });

  test('a missing directory is a usage error', () => {
    expect(r.validateMissing.code).toBe(2);
    expect(r.validateMissing.stderr).toContain('is not a directory');
    noStack(r.validateMissing);
  });
});
