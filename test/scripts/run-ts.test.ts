/**
 * scripts/run-ts.js, the loader behind `npm run synth:k8s`: TypeScript modules transpiled file by file
 * and compiled with a V8 code cache per module. Real node processes, a cache directory of their own.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const RUN_TS = path.join(ROOT, 'scripts/run-ts.js');

let dir: string;
let cache: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-run-ts-'));
  cache = path.join(dir, 'cache');
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    [
      '#!/usr/bin/env node',
      "import { greet } from './lib';",
      'const where: string = require.resolve("./lib");',
      'if (require.main === module) console.log(JSON.stringify({ greeting: greet("yard"), where, main: true, args: process.argv.slice(2) }));',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'lib.ts'), 'export function greet(name: string): string {\n  return `hello ${name}`;\n}\n');
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function spawn(env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [RUN_TS, path.join(dir, 'main.ts'), 'a', '--b'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SHIPYARD_TS_CACHE: cache, SHIPYARD_RUN_TS_VENDOR: '0', ...env },
    timeout: 60_000,
  });
}

function run(env: Record<string, string> = {}): { out: unknown; stderr: string } {
  const r = spawn(env);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return { out: JSON.parse(r.stdout), stderr: r.stderr };
}

const codeCaches = (): string[] => fs.readdirSync(cache).filter((f) => f.endsWith('.v8cache')).sort();
const inode = (f: string): number => fs.statSync(path.join(cache, f)).ino;

const EXPECTED = { greeting: 'hello yard', where: '', main: true, args: ['a', '--b'] };

test('each module gets a code cache after its first run, and the next run uses it as it is', () => {
  const expected = { ...EXPECTED, where: path.join(dir, 'lib.ts') };
  expect(run().out).toEqual(expected);
  const caches = codeCaches();
  expect(caches).toHaveLength(2); // main.ts and lib.ts
  const before = caches.map(inode);

  expect(run().out).toEqual(expected);
  // A cache V8 accepted is not written again (a rejected one is replaced by a new file).
  expect(codeCaches()).toEqual(caches);
  expect(caches.map(inode)).toEqual(before);
});

test('a damaged code cache is refused by V8, the module still runs, and the cache is written anew', () => {
  run();
  const caches = codeCaches();
  for (const f of caches) fs.writeFileSync(path.join(cache, f), 'not a code cache');
  expect(run().out).toEqual({ ...EXPECTED, where: path.join(dir, 'lib.ts') });
  for (const f of caches) expect(fs.readFileSync(path.join(cache, f), 'utf8')).not.toBe('not a code cache');
});

test('an edited module is transpiled and cached again; SHIPYARD_TS_CODE_CACHE=0 writes no code cache', () => {
  run({ SHIPYARD_TS_CODE_CACHE: '0' });
  expect(codeCaches()).toEqual([]);
  fs.writeFileSync(path.join(dir, 'lib.ts'), 'export const greet = (name: string): string => `ahoy ${name}`;\n');
  expect(run().out).toMatchObject({ greeting: 'ahoy yard' });
  expect(codeCaches()).toHaveLength(2);
});

test('the cache directory stays bounded: past 3000 files the oldest are removed', () => {
  fs.mkdirSync(cache, { recursive: true });
  const old = new Date(Date.now() - 86_400_000);
  for (let i = 0; i < 3100; i++) {
    const f = path.join(cache, `stale-${i}.js`);
    fs.writeFileSync(f, '');
    fs.utimesSync(f, old, old);
  }
  run();
  const left = fs.readdirSync(cache);
  expect(left.length).toBeLessThanOrEqual(3000);
  // What this run wrote is newer than every stale entry, so it is kept.
  expect(left.filter((f) => !f.startsWith('stale-')).length).toBe(4);
});

test('a module that does not parse: its file, line and column, and the line itself', () => {
  fs.writeFileSync(path.join(dir, 'lib.ts'), 'export const ok = 1;\nexport const greet = (name: ) => name;\n');
  const r = spawn();
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('lib.ts:2:29: cannot be transpiled: Unexpected token\n    export const greet = (name: ) => name;');
});

test('stack traces name the line of the .ts file (the transpiled code keeps every line where it was)', () => {
  fs.writeFileSync(
    path.join(dir, 'lib.ts'),
    ['interface Options {', '  loud: boolean;', '}', 'export function greet(name: string, o?: Options): string {', '  throw new Error(`no ${name}`);', '}', ''].join('\n'),
  );
  const r = spawn();
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(new RegExp(`at greet \\(${path.join(dir, 'lib.ts').replace(/[.]/g, '\\.')}:5:\\d+\\)`));
});
