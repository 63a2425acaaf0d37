/**
 * Runs scripts/consumer-test.sh: pack the library, install the tarball with its peers into a fresh
 * project offline from the npm cache, compile a strict app against it (skipLibCheck: false),
 * synthesize with it, check the tarball holds no dist/, cdktf.out/, tests or sources, and drive a
 * second project (its own shipyard.config.ts and environment file) through every CLI command.
 *
 * It takes ~1-6 min on two cores (a build, a pack, two installs, five tsc runs, the CLI runs), too
 * slow for the everyday `npm test`, so it runs only when SHIPYARD_PACKAGE_TEST=1: `npm run test:package` (CI).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const enabled = process.env.SHIPYARD_PACKAGE_TEST === '1';

(enabled ? test : test.skip)(
  'the packed package installs offline, compiles strictly and synthesizes in a fresh project',
  () => {
    const run = spawnSync('bash', [path.join(ROOT, 'scripts', 'consumer-test.sh')], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`consumer-test.sh exited ${run.status ?? run.signal}:\n${output}`);
    expect(run.stdout).toMatch(/consumer-test: OK in \d+s/);
  },
  620_000,
);
