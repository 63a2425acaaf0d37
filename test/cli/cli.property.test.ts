/**
 * Property-based tests over the CLI's arguments and the profile values `--set` reaches: whatever the
 * input, the exit code is 0, 1 or 2, no stack trace is printed, nothing reaches Object.prototype, and a
 * run that fails leaves its output directory byte-identical. Runs `main` in this process (a run that
 * fails early takes milliseconds; one that renders, about a second per environment).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { settablePaths } from '../../src/cli/overrides/profile-schema';
import { createOutput } from '../../src/cli/terminal/output';
import { snapshotDir } from '../support/fs';
import { hasStackTrace } from './run-cli';

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(argv: readonly string[]): Run {
  const so = new PassThrough();
  const se = new PassThrough();
  let stdout = '';
  let stderr = '';
  so.on('data', (d) => (stdout += String(d)));
  se.on('data', (d) => (stderr += String(d)));
  const code = main(argv, createOutput({ stdout: so, stderr: se, env: {}, quiet: argv.includes('-q') || argv.includes('--quiet') }));
  return { code, stdout, stderr };
}

const ENVS = ['minikube', 'staging', 'gke', 'baremetal'];
const PATHS = settablePaths().map((p) => p.path.replace(/<name>|<key>/g, 'checkout').replace(/\[N\]/g, '[0]'));
/** Values that broke things before: out-of-range numbers, prototype keys, empty, huge, JSON, unit typos. */
const NASTY = ['', '-1', '0', '3000000000', '1e999', '-1e999', 'NaN', 'Infinity', '__proto__', 'constructor', 'a'.repeat(300), '[]', '{}', '{"__proto__":{"polluted":1}}', '0Gi', 'banana', 'true', 'null', '1.5', '1h', '10.0.0.1', 'Search_API'];
const value = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 20 }), fc.integer().map(String), fc.double().map(String));
const setArg = fc.tuple(fc.option(fc.constantFrom(...ENVS.map((e) => `${e}:`), '__proto__:'), { nil: '' }), fc.oneof(fc.constantFrom(...PATHS), fc.constantFrom('__proto__.x', 'constructor.prototype.x', 'services.__proto__.replicas'), fc.string({ maxLength: 12 })), value).map(
  ([env, p, v]) => `${env}${p}=${v}`,
);

function invariants(r: Run, argv: readonly string[]): void {
  const shown = { argv, ...r };
  expect({ ...shown, codeOk: [0, 1, 2].includes(r.code) }).toEqual({ ...shown, codeOk: true });
  expect({ ...shown, trace: hasStackTrace(r.stderr) || r.stderr.includes('internal error') }).toEqual({ ...shown, trace: false });
  // Nothing reached Object.prototype (a polluted prototype shows up as extra fields on every object).
  const inherited: string[] = [];
  for (const key in {}) inherited.push(key);
  expect({ ...shown, inherited, prototypeKeys: Object.getOwnPropertyNames(Object.prototype).filter((k) => !PROTOTYPE_NAMES.has(k)) }).toEqual({ ...shown, inherited: [], prototypeKeys: [] });
  const input = argv.join(' ');
  for (const word of ['NaN', 'Infinity']) {
    if (!input.includes(word) && !/e\d{3}/.test(input)) expect({ ...shown, [word]: (r.stdout + r.stderr).includes(word) }).toEqual({ ...shown, [word]: false });
  }
}

describe('property: the CLI', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-cli-prop-'));
  let before: Record<string, string>;
  beforeAll(() => {
    expect(run(['synth', '--env', 'minikube', '--env', 'staging', '--outdir', outdir, '-q']).code).toBe(0);
    before = snapshotDir(outdir);
  });

  /** After a run: a failed one left the output as it was; a successful one is the new baseline. */
  const checkOutput = (r: Run, argv: readonly string[]) => {
    const now = snapshotDir(outdir);
    if (r.code !== 0) expect({ argv, stderr: r.stderr, same: now }).toEqual({ argv, stderr: r.stderr, same: before });
    before = now;
  };

  test('any arguments: exit 0, 1 or 2, no stack trace; a failed synth leaves the output byte-identical', () => {
    const token = fc.oneof(
      fc.constantFrom('--env', '--set', '--format', '--quiet', '-q', '--help', '--help-set', '--allow-inline-secrets', '--trust-kind', '--against', '--', '-', '--outdir='),
      fc.constantFrom(...ENVS, 'prod', 'table', 'markdown', 'json', 'HEAD', 'dist'),
      setArg,
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('synth', 'validate', 'diff', 'envs', 'help'), fc.string({ maxLength: 8 })), fc.array(token, { maxLength: 6 }), (command, tokens) => {
        // synth always writes to the test's directory (a later --outdir wins), so the repository stays untouched.
        const argv = command === 'synth' || tokens.includes('synth') ? [command, ...tokens, '--outdir', outdir] : [command, ...tokens];
        if (argv.includes('--') && command === 'synth') return; // after "--" the --outdir above would be an argument
        const r = run(argv);
        invariants(r, argv);
        checkOutput(r, argv);
      }),
      { numRuns: 100 },
    );
  });

  test('any --set value on any settable path: exit 0, 1 or 2 with a message naming it; output untouched on failure', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENVS), setArg, (env, set) => {
        const argv = ['synth', '--env', env, '--set', set, '--outdir', outdir, '-q'];
        const r = run(argv);
        invariants(r, argv);
        if (r.code === 2) expect(r.stderr).toMatch(/^error: /);
        checkOutput(r, argv);
      }),
      { numRuns: 100 },
    );
  });

  test.each(['services.__proto__.replicas=3', 'exposure.annotations.__proto__=x', 'services.constructor.replicas=1', 'exposure.annotations={"__proto__":"x"}'])(
    'prototype keys in --set are refused: %s',
    (set) => {
      const r = run(['synth', '--env', 'baremetal', '--set', set, '--outdir', outdir]);
      expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not allowed.*Object\.prototype/) });
      invariants(r, [set]);
    },
  );

  test('--outdir "" is a usage error', () => {
    const r = run(['synth', '--env', 'minikube', '--outdir', '']);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/--outdir needs a directory/) });
  });

  test('an I/O error at a write step of a real synth: exit 1 and nothing changed, or (after the commit) all new; never mixed', () => {
    const outcomes = new Set<string>();
    for (const step of [1, 3, 8, 20, 40, 80, 120, 160, 200, 400]) {
      const old = snapshotDir(outdir);
      process.env.SHIPYARD_TEST_WRITE_FAULT = `EIO@${step}`;
      let r: Run;
      try {
        r = run(['synth', '--env', 'minikube', '--env', 'staging', '--set', `staging:autoscaling.maxReplicas=${5 + (step % 3)}`, '--outdir', outdir, '-q']);
      } finally {
        delete process.env.SHIPYARD_TEST_WRITE_FAULT;
      }
      invariants(r, [String(step)]);
      const now = snapshotDir(outdir);
      if (r.code === 1) {
        expect({ step, stderr: r.stderr, same: now }).toEqual({ step, stderr: expect.stringMatching(/EIO: injected fault.*nothing was changed/), same: old });
        outcomes.add('old');
      } else {
        expect({ step, code: r.code }).toEqual({ step, code: 0 });
        const again = run(['synth', '--env', 'minikube', '--env', 'staging', '--set', `staging:autoscaling.maxReplicas=${5 + (step % 3)}`, '--outdir', outdir, '-q']);
        expect(again.code).toBe(0);
        expect({ step, same: snapshotDir(outdir) }).toEqual({ step, same: now }); // what the faulted run wrote is the complete new output
        outcomes.add('new');
      }
    }
    expect([...outcomes].sort()).toEqual(['new', 'old']);
    before = snapshotDir(outdir);
  });
});
