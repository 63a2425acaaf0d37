import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { ShipyardError } from '../errors';
import { OutputTree, WriteOptions, writeOutputs } from '../output';
import type { Environment } from '../profiles/environment';
import { NetworkRanges, ShopCloudStack } from './shop-cloud-stack';

/** Options of {@link synthesizeStacks}. */
export interface SynthesizeStacksOptions {
  /** Environments to synthesize (validated and resolved, see `Environment`); each needs a `gcp` block. */
  readonly environments: readonly Environment[];
  /**
   * VPC address ranges for every stack.
   * @default - `DEFAULT_NETWORK_RANGES`
   */
  readonly network?: NetworkRanges;
  /**
   * Secret Manager ids each environment's manifests read, by environment name (see `secretIdsOf`).
   * @default - none: the stacks create no secrets
   */
  readonly secretIdsByEnvironment?: Readonly<Record<string, readonly string[]>>;
}

/** Options of {@link synthInfra}. */
export interface SynthInfraOptions extends SynthesizeStacksOptions {
  /** Directory the stacks go to; each stack lands in `<outdir>/stacks/<env>/cdk.tf.json`. */
  readonly outdir: string;
  /**
   * Lock wait and other options of the writer.
   * @default - the writer's defaults
   */
  readonly write?: WriteOptions;
}

/** What {@link synthInfra} wrote. */
export interface SynthInfraResult {
  /** Stack (environment) names, in synthesis order. */
  readonly stacks: string[];
}

/**
 * Synthesizes one {@link ShopCloudStack} per environment in memory (cdktf writes to a private temporary
 * directory, read back and removed) and returns the output tree for `outdir`: `stacks/<env>/` per stack
 * and cdktf's `manifest.json`. Hand it to `writeOutputs` (with the manifests' tree, for one atomic switch
 * of the whole run). Output is byte-identical across runs for the same input and does not depend on
 * where `outdir` is. No terraform binary or cdktf-cli is needed.
 */
export function synthesizeStacks(outdir: string, opts: SynthesizeStacksOptions): OutputTree & { readonly stacks: string[] } {
  const environments = opts.environments;
  const seen = new Set<string>();
  for (const p of environments) {
    if (!p.profile.gcp) throw new ShipyardError(`environment "${p.name}": has no gcp block, so it has no cloud stack`);
    if (seen.has(p.name)) throw new ShipyardError(`environment "${p.name}": given twice`);
    seen.add(p.name);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-cdktf-'));
  try {
    const appOut = path.join(scratch, 'out');
    withoutCdktfEnvironment(() => {
      // stackTraces off: construct metadata would otherwise carry stack traces (absolute paths).
      const app = new App({ outdir: appOut, stackTraces: false, hclOutput: false });
      for (const environment of environments) new ShopCloudStack(app, environment.name, { environment, network: opts.network, secretIds: opts.secretIdsByEnvironment?.[environment.name] });
      app.synth();
    });
    const stacks = environments.map((p) => p.name);
    return {
      dir: outdir,
      stacks,
      units: stacks.map((name) => ({ path: `stacks/${name}`, files: readTree(path.join(appOut, 'stacks', name)) })),
      files: new Map([['manifest.json', fs.readFileSync(path.join(appOut, 'manifest.json'))]]),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Synthesizes the stacks ({@link synthesizeStacks}) and writes them to `outdir` in one atomic switch.
 * Stacks of environments no longer synthesized are not removed.
 */
export function synthInfra(opts: SynthInfraOptions): SynthInfraResult {
  const tree = synthesizeStacks(opts.outdir, opts);
  writeOutputs([tree], opts.write);
  return { stacks: tree.stacks };
}

function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else files.set(r, fs.readFileSync(path.join(dir, r)));
    }
  };
  walk('');
  return files;
}

/**
 * Variables cdktf-cli sets for the app it runs; set in a developer's shell they would switch the
 * output to HCL, synthesize a single stack or inject context. This app is run without cdktf-cli, so
 * they are hidden while it synthesizes.
 */
const CDKTF_ENVIRONMENT = ['SYNTH_HCL_OUTPUT', 'CDKTF_TARGET_STACK_ID', 'CDKTF_CONTEXT_JSON'] as const;

function withoutCdktfEnvironment(fn: () => void): void {
  const saved = CDKTF_ENVIRONMENT.map((k) => [k, process.env[k]] as const);
  for (const k of CDKTF_ENVIRONMENT) delete process.env[k];
  try {
    fn();
  } finally {
    for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
  }
}
