/**
 * The CLI on a project other than the reference shop: a temporary directory with its own
 * shipyard.config.ts (importing `@shipyard/k8s` by name, its platform in a second file) and
 * environment files, driven through `node .build/cli.js` as a user runs it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, CliResult, hasStackTrace, runCli } from './run-cli';

const CONFIG = `import { BUILTIN_PROFILES, defineProject, EnvironmentProfile } from '@shipyard/k8s';
import { payments } from './platform';

const dev: EnvironmentProfile = { ...BUILTIN_PROFILES.minikube, name: 'dev', domain: 'payments.test', registry: 'registry.local/payments' };
const prod: EnvironmentProfile = {
  ...BUILTIN_PROFILES.staging,
  name: 'prod',
  domain: 'payments.example.com', registry: 'europe-docker.pkg.dev/payments-prod/images',
  gcp: { ...BUILTIN_PROFILES.staging.gcp!, project: 'payments-prod', clusterName: 'payments-prod', sqlInstance: 'payments-prod', serviceAccountId: 'payments-prod-app', restoreFrom: undefined },
};

export default defineProject({ name: 'payments', environments: [dev, prod], platform: payments, infra: {} });
`;

const PLATFORM = `import { EnvironmentChart, MySqlDatabase, WebService, Worker, Probe } from '@shipyard/k8s';

export function payments(chart: EnvironmentChart): void {
  const api = new WebService(chart, 'api', { image: { repository: 'payments-api', tag: '2.3.1' }, port: 8080, healthPath: '/healthz', database: new MySqlDatabase(chart, 'db') });
  new Worker(chart, 'settle', {
    image: { repository: 'payments-worker', tag: '2.3.1' },
    talksTo: [api],
    liveness: Probe.exec(['/bin/healthcheck'], { periodSeconds: 30 }),
  });
}
`;

/** prod-2: prod pointed at a clone of its database. */
const PROD_2 = `# A second production-shaped environment on a clone of the database.
extends: prod
domain: payments-2.example.com
gcp:
  clusterName: payments-prod-2
  sqlInstance: payments-prod-2
  cloneOf: payments-prod
  serviceAccountId: payments-prod-2-app
`;

let tmp: string;
const r: Record<string, CliResult> = {};

/** A project directory with these files (path → content). */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

beforeAll(async () => {
  buildCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-project-'));
  const good = project('payments', { 'shipyard.config.ts': CONFIG, 'platform.ts': PLATFORM, 'environments/prod-2.yaml': PROD_2, 'src/deep/README': '' });
  const badFile = project('bad-file', {
    'shipyard.config.ts': CONFIG,
    'platform.ts': PLATFORM,
    'environments/broken.yaml': 'extends: prod\nautoscaling:\n  maxReplica: 3\n',
  });
  const badExtends = project('bad-extends', { 'shipyard.config.ts': CONFIG, 'platform.ts': PLATFORM, 'environments/lost.yaml': 'extends: prdo\n' });
  const syntax = project('syntax', { 'shipyard.config.ts': CONFIG.replace("name: 'payments',", "name: 'payments'"), 'platform.ts': PLATFORM });
  const typo = project('typo', { 'shipyard.config.ts': CONFIG, 'platform.ts': PLATFORM.replace('talksTo: [api]', 'talksTo: [apy]') });
  const noExport = project('no-export', { 'shipyard.config.ts': "export const name = 'payments';\n" });
  const empty = project('empty', { 'README': 'no project here\n' });
  const runs: Record<string, [string[], string]> = {
    envs: [['envs'], path.join(good, 'src', 'deep')],
    envsJson: [['envs', '--format', 'json'], good],
    show: [['envs', 'show', 'prod-2', '--set', 'gcp.sqlTier=db-custom-2-7680'], good],
    synth: [['synth', '--outdir', path.join(tmp, 'out')], good],
    diff: [['diff', 'prod', 'prod-2'], good],
    explicit: [['envs', '--config', path.join(good, 'shipyard.config.ts')], empty],
    badFile: [['envs'], badFile],
    badExtends: [['synth', '--outdir', path.join(tmp, 'never')], badExtends],
    syntax: [['synth', '--outdir', path.join(tmp, 'never')], syntax],
    typo: [['synth', '--outdir', path.join(tmp, 'never')], typo],
    noExport: [['envs'], noExport],
    none: [['envs'], empty],
  };
  await Promise.all(Object.entries(runs).map(async ([name, [args, cwd]]) => (r[name] = await runCli(args, { cwd }))));
  r.validate = await runCli(['validate', path.join(tmp, 'out')], { cwd: good });
}, 180_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const expectClean = (res: CliResult) => expect(hasStackTrace(res.stdout + res.stderr)).toBe(false);

describe('a project of its own', () => {
  test('envs finds shipyard.config.ts from a subdirectory and lists code and file environments', () => {
    expect(r.envs.stderr).toBe('');
    expect(r.envs.code).toBe(0);
    expect(r.envs.stdout).toContain('Project payments (3 environments)');
    expect(r.envs.stdout).toMatch(/^dev\s+minikube\s+payments\.test\s.*\sno\s+shipyard\.config\.ts$/m);
    expect(r.envs.stdout).toMatch(/^prod-2\s+gke\s+payments-2\.example\.com\s.*\syes\s+environments\/prod-2\.yaml \(extends prod\)$/m);
    expect(JSON.parse(r.envsJson.stdout).map((e: { name: string; stack: boolean }) => [e.name, e.stack])).toEqual([['dev', false], ['prod', true], ['prod-2', true]]);
    expect(r.explicit.stdout).toContain('Project payments (3 environments)');
  });

  test('envs show: every setting with where it came from (project file, environment file, --set)', () => {
    expect(r.show.code).toBe(0);
    const line = (setting: string) => r.show.stdout.split('\n').find((l) => l.startsWith(`${setting} `))?.replace(/\s+/g, ' ');
    expect(r.show.stdout).toContain('prod-2: declared in environments/prod-2.yaml, extends prod (project payments)');
    expect(line('gcp.sqlInstance')).toBe('gcp.sqlInstance payments-prod-2 environments/prod-2.yaml');
    expect(line('gcp.sqlTier')).toBe('gcp.sqlTier db-custom-2-7680 --set gcp.sqlTier=db-custom-2-7680');
    expect(line('gcp.project')).toBe('gcp.project payments-prod shipyard.config.ts');
    expect(line('domain')).toBe('domain payments-2.example.com environments/prod-2.yaml');
  });

  test('synth writes manifests for every environment and a Terraform stack for each on Google Cloud, the file environment included', () => {
    expect(r.synth.stderr).toBe('');
    expect(r.synth.code).toBe(0);
    const out = path.join(tmp, 'out');
    expect(fs.readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(['cdktf.out', 'dev', 'prod', 'prod-2']);
    expect(fs.readdirSync(path.join(out, 'cdktf.out', 'stacks')).sort()).toEqual(['prod', 'prod-2']);
    const stack = JSON.parse(fs.readFileSync(path.join(out, 'cdktf.out', 'stacks', 'prod-2', 'cdk.tf.json'), 'utf8'));
    expect(Object.values(stack.resource.google_sql_database_instance as Record<string, { name: string }>).map((i) => i.name)).toEqual(['payments-prod-2']);
    const workloads = fs.readFileSync(path.join(out, 'prod-2', '20-workloads.yaml'), 'utf8');
    expect(workloads).toContain('payments-prod:europe-west1:payments-prod-2');
    expect(workloads).toContain('app.kubernetes.io/part-of: payments');
    expect(r.synth.stdout).toMatch(/Synthesized 3 environment\(s\) into .* and 2 Terraform stack\(s\)/);
    expect(r.validate.code).toBe(0);
  });

  test('diff compares a file environment with the one it extends', () => {
    expect(r.diff.code).toBe(0);
    expect(r.diff.stdout).toContain('prod vs prod-2');
    expect(r.diff.stdout).toMatch(/Cloud SQL proxy → payments-prod:europe-west1:payments-prod\s+Cloud SQL proxy → payments-prod:europe-west1:payments-prod-2/);
  });
});

describe('errors point at the file', () => {
  test('an unknown field in an environment file names the file, line and field', () => {
    expect(r.badFile.code).toBe(1);
    expect(r.badFile.stderr).toContain('environment "broken" (environments/broken.yaml, extends prod): invalid profile');
    expect(r.badFile.stderr).toMatch(/environments\/broken\.yaml:3: autoscaling\.maxReplica: unknown field/);
    expectClean(r.badFile);
  });

  test('extends of an unknown environment lists the known ones', () => {
    expect(r.badExtends.code).toBe(1);
    expect(r.badExtends.stderr).toContain('environments/lost.yaml:1: extends "prdo", which is not an environment of this project (dev, prod)');
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  test('a syntax error in the project file: file:line:column once', () => {
    expect(r.syntax.code).toBe(1);
    expect(r.syntax.stderr).toMatch(/shipyard\.config\.ts does not compile:\n\s+shipyard\.config\.ts:12:\d+: Expected "}" but found "environments"/);
    expect(r.syntax.stderr.match(/shipyard\.config\.ts:12:/g)).toHaveLength(1);
    expectClean(r.syntax);
  });

  test('a runtime error in the platform: once for every environment it broke, at its TypeScript line', () => {
    expect(r.typo.code).toBe(1);
    expect(r.typo.stderr).toContain('environments dev, prod: ReferenceError: apy is not defined\n    at platform.ts:7:');
    expect(r.typo.stderr.match(/apy is not defined/g)).toHaveLength(1);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  test('a project file without defineProject, and no project file at all', () => {
    expect(r.noExport.code).toBe(1);
    expect(r.noExport.stderr).toContain('shipyard.config.ts: its default export is not a project; end it with: export default defineProject(');
    expect(r.none.code).toBe(2);
    expect(r.none.stderr).toMatch(/no shipyard\.config\.ts in .*empty or its parent directories/);
    expectClean(r.none);
  });
});
