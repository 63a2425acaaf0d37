import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

/**
 * The boot test fails when a program cannot start, naming the pod and quoting the program's own log:
 * a broken VCL in minikube's varnish ConfigMap makes the real varnishd refuse it.
 */
test('a broken config fails the boot, naming the pod and quoting the program', () => {
  const repo = path.join(__dirname, '..', '..');
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'boot-broken-'));
  try {
    const env = path.join(dist, 'minikube');
    fs.cpSync(path.join(repo, 'dist', 'minikube'), env, { recursive: true });
    const file = path.join(env, '10-config.yaml');
    const docs = yaml.loadAll(fs.readFileSync(file, 'utf8')) as { kind: string; metadata: { name: string }; data?: Record<string, string> }[];
    const vcl = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'varnish-config');
    expect(vcl?.data?.['default.vcl']).toBeDefined();
    vcl!.data!['default.vcl'] += '\nsub vcl_recv { set req.backend_hint = nowhere; }\n';
    fs.writeFileSync(file, docs.map((d) => yaml.dump(d)).join('---\n'));

    const result = spawnSync('node', ['scripts/boot.js', '--dist', dist, '--env', 'minikube', '--only', 'varnish', '--timeout', '60'], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    const out = result.stdout + result.stderr;
    expect(result.status).toBe(1);
    expect(out).toMatch(/FAIL minikube: CrashLoopBackOff: varnish-0/);
    expect(out).toMatch(/\| Undefined backend nowhere/);
    expect(out).toMatch(/\| .*VCL compilation failed/);
  } finally {
    fs.rmSync(dist, { recursive: true, force: true });
  }
}, 130_000);
