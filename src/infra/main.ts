/**
 * Entry point: `node main.js [--outdir DIR] [--debug]` writes `DIR/stacks/<env>/cdk.tf.json` for every built-in
 * environment on Google Cloud (default `cdktf.out`).
 */
import { ShipyardError } from '../errors';
import { PLATFORM_PROFILES, SHOP_PROJECT } from '../platform/project';
import { Environment } from '../profiles/environment';
import { synthInfra } from './synth-infra';
import { shopPlatform } from '../platform';
import { synthesizeEnvironment } from '../synth/synthesize-environment';
import { secretIdsOf } from './secret-ids';

class UsageError extends ShipyardError {}

function parseOutdir(argv: readonly string[]): string {
  let outdir = 'cdktf.out';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--debug') continue;
    if (arg === '--outdir') {
      const next = argv[++i];
      if (!next?.trim()) throw new UsageError('--outdir needs a directory');
      outdir = next;
    } else if (arg.startsWith('--outdir=')) {
      outdir = arg.slice('--outdir='.length);
      if (!outdir.trim()) throw new UsageError('--outdir needs a directory');
    } else {
      throw new UsageError(`unknown argument "${arg}" (usage: main [--outdir DIR] [--debug])`);
    }
  }
  return outdir;
}

try {
  const outdir = parseOutdir(process.argv.slice(2));
  const environments = PLATFORM_PROFILES.filter((p) => p.gcp).map((p) => new Environment(p, { project: SHOP_PROJECT }));
  // The stacks create exactly the secrets the manifests read, so both come from one rendering.
  const secretIdsByEnvironment = Object.fromEntries(
    environments.map((e) => [e.name, secretIdsOf(synthesizeEnvironment(e, shopPlatform).objects.map((o) => o.manifest))]),
  );
  const { stacks } = synthInfra({ outdir, environments, secretIdsByEnvironment });
  for (const s of stacks) process.stdout.write(`${outdir}/stacks/${s}/cdk.tf.json\n`);
} catch (e) {
  if (e instanceof ShipyardError && !process.argv.includes('--debug')) {
    process.stderr.write(`error: ${e.message}\n`);
  } else {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  }
  // 2 for a wrong command line, as the CLI does; 1 for everything else.
  process.exitCode = e instanceof UsageError ? 2 : 1;
}
