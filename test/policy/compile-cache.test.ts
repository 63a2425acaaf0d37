/**
 * The validator cache (src/policy/schema/compile-cache.ts) across real processes: the first compiles
 * with Ajv and stores the standalone code, the next loads it and leaves a V8 code cache at exit, the
 * next loads both; all validate alike, and a damaged code cache is refused by V8 and written anew.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const CHILD = `
  const { SchemaValidator } = require('./src/policy/schema/validator.ts');
  const v = new SchemaValidator();
  const issues = [
    v.validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 'two', selector: {}, template: { spec: { containers: [{ name: 'web', imagePullPolicy: 'Sometimes' }] } } } }),
    v.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' }, data: { a: 'b' } }),
  ];
  process.stdout.write(JSON.stringify(issues));
`;

test('validators load from the cache and its V8 code cache with the same results; a damaged code cache is replaced', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ajv-cache-'));
  try {
    const run = () => {
      const r = spawnSync(process.execPath, ['-r', './scripts/run-ts.js', '-e', CHILD], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SHIPYARD_AJV_CACHE: dir }, timeout: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return JSON.parse(r.stdout) as unknown;
    };
    const codeCaches = () => fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
    const compiled = run();
    expect((compiled as unknown[][])[0].length).toBeGreaterThan(1);
    expect((compiled as unknown[][])[1]).toEqual([]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.js')).length).toBe(2);
    expect(codeCaches()).toEqual([]);
    expect(run()).toEqual(compiled);
    expect(codeCaches().length).toBe(2);
    expect(run()).toEqual(compiled);
    const damaged = path.join(dir, codeCaches()[0]);
    fs.writeFileSync(damaged, 'not a code cache');
    expect(run()).toEqual(compiled);
    expect(fs.readFileSync(damaged, 'utf8')).not.toBe('not a code cache');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
