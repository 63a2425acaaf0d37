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
