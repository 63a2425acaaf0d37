import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

type Doc = { kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: { template: { spec: { containers: { command?: string[]; args?: string[] }[] } } } };
const repo = path.join(__dirname, '..', '..');

/** Boots minikube's varnish alone from a copy of dist/ edited by `edit`; returns the exit status and output. */
function bootEditedVarnish(file: string, edit: (docs: Doc[]) => void): { status: number | null; out: string } {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'boot-broken-'));
  try {
    const env = path.join(dist, 'minikube');
    fs.cpSync(path.join(repo, 'dist', 'minikube'), env, { recursive: true });
    const docs = yaml.loadAll(fs.readFileSync(path.join(env, file), 'utf8')) as Doc[];
    edit(docs);
    fs.writeFileSync(path.join(env, file), docs.map((d) => yaml.dump(d)).join('---\n'));
    const result = spawnSync('node', ['scripts/boot.js', '--dist', dist, '--env', 'minikube', '--only', 'varnish', '--timeout', '60'], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status, out: result.stdout + result.stderr };
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
}

/**
 * The boot test fails when a program cannot start, naming the pod and quoting the program's own log:
 * a broken VCL in minikube's varnish ConfigMap makes the real varnishd refuse it.
 */
test('a broken config fails the boot, naming the pod and quoting the program', () => {
  const { status, out } = bootEditedVarnish('10-config.yaml', (docs) => {
    const vcl = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'varnish-config');
    expect(vcl?.data?.['default.vcl']).toBeDefined();
    vcl!.data!['default.vcl'] += '\nsub vcl_recv { set req.backend_hint = nowhere; }\n';
  });
  expect(status).toBe(1);
  expect(out).toMatch(/FAIL minikube: CrashLoopBackOff: varnish-0/);
  expect(out).toMatch(/\| Undefined backend nowhere/);
  expect(out).toMatch(/\| .*VCL compilation failed/);
}, 130_000);

/**
 * Without capabilities a bind below 1024 fails as on a node: varnish started through the image's
 * entrypoint (arguments only, as the platform once did) gets the entrypoint's `-a http=:80` and dies.
 */
test('relying on the varnish image entrypoint fails: its :80 listener cannot bind without capabilities', () => {
  const { status, out } = bootEditedVarnish('20-workloads.yaml', (docs) => {
    const varnish = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'varnish')!;
    const container = varnish.spec!.template.spec.containers[0];
    container.args = container.command!.slice(1);
    delete container.command;
  });
  expect(status).toBe(1);
  expect(out).toMatch(/FAIL minikube: CrashLoopBackOff: varnish-0/);
  expect(out).toMatch(/argv: \["varnishd","-F","-f","\/etc\/varnish\/default.vcl","-a","http=:80,HTTP"/);
  expect(out).toMatch(/\| .*:80.*Permission denied/);
}, 130_000);

/** Boots minikube's MySQL and migration Job from a copy of dist/ whose release manifest `edit` changes. */
function bootMigration(edit: (release: { objects: { kind: string; name: string; stage: string }[] }) => void): { status: number | null; out: string } {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'boot-stages-'));
  try {
    const env = path.join(dist, 'minikube');
    fs.cpSync(path.join(repo, 'dist', 'minikube'), env, { recursive: true });
    const file = path.join(env, 'release', 'release.json');
    const release = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(release);
    fs.writeFileSync(file, JSON.stringify(release));
    const job = (yaml.loadAll(fs.readFileSync(path.join(env, '15-migrations.yaml'), 'utf8')) as Doc[]).find((d) => d.kind === 'Job')!.metadata.name;
    const result = spawnSync('node', ['scripts/boot.js', '--dist', dist, '--env', 'minikube', '--only', 'mysql', '--only', job, '--timeout', '90'], { cwd: repo, encoding: 'utf8', timeout: 150_000 });
    return { status: result.status, out: result.stdout + result.stderr };
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
}

/**
 * The boot applies the release stage by stage, as apply.sh does: the migration Job runs after the data
 * stage (MySQL ready) and must complete. With MySQL in the workloads stage (the layout before the data
 * stage), the Job finds no "mysql" Service, fails backoffLimit + 1 pods and stops the release.
 */
test('the migration Job completes after the data stage, and fails the boot when its database comes later', () => {
  const ok = bootMigration(() => undefined);
  expect(ok.out).toMatch(/release stages: config → data → migrations → workloads/);
  expect(ok.out).toMatch(/stage migrations: Job shop-migrate-[\w-]+ completed in [\d.]+ s \(1 pod\)/);
  expect(ok.status).toBe(0);

  const late = bootMigration((release) => {
    for (const o of release.objects) if (o.name === 'mysql' && (o.kind === 'StatefulSet' || o.kind === 'Service')) o.stage = 'workloads';
  });
  expect(late.status).toBe(1);
  expect(late.out).toMatch(/FAIL minikube: Job shop-migrate-[\w-]+ failed 3 pod\(s\), backoffLimit 2: the release stops here/);
  expect(late.out).toMatch(/\| .*(getaddrinfo|php_network_getaddresses).*mysql/);
}, 300_000);
