import * as fs from 'fs';
import { App } from 'cdktf';
import { ShipyardError } from '../errors';
import { BUILTIN_PROFILES } from '../profiles/builtin-profiles';
import { EnvironmentProfile } from '../profiles/environment-profile';
import { NetworkRanges, ShopCloudStack } from './shop-cloud-stack';

/** Options of {@link synthInfra}. */
export interface SynthInfraOptions {
  /** Directory cdktf writes to; each stack lands in `<outdir>/stacks/<env>/cdk.tf.json`. */
  readonly outdir: string;
  /**
   * Environments to synthesize; each needs a `gcp` block.
   * @default - the built-in profiles that have `gcp` set (staging and gke)
   */
  readonly profiles?: readonly EnvironmentProfile[];
  /**
   * VPC address ranges for every stack.
   * @default - `DEFAULT_NETWORK_RANGES`
   */
  readonly network?: NetworkRanges;
}

/** What {@link synthInfra} wrote. */
export interface SynthInfraResult {
  /** Stack (environment) names, in synthesis order. */
  readonly stacks: string[];
}

/** The built-in environments that live on Google Cloud, in declaration order. */
export function cloudProfiles(): EnvironmentProfile[] {
  return Object.values(BUILTIN_PROFILES).filter((p) => p.gcp !== undefined);
}

/**
 * Synthesizes one {@link ShopCloudStack} per environment into `outdir` (Terraform JSON; no
 * terraform binary or cdktf-cli needed). Output is byte-identical across runs for the same input,
 * and does not depend on where `outdir` is. `outdir` is created if missing; stacks of environments
 * no longer synthesized are not removed from it.
 */
export function synthInfra(opts: SynthInfraOptions): SynthInfraResult {
  const profiles = opts.profiles ?? cloudProfiles();
  const seen = new Set<string>();
  for (const p of profiles) {
    if (!p.gcp) throw new ShipyardError(`environment "${p.name}": has no gcp block, so it has no cloud stack`);
    if (seen.has(p.name)) throw new ShipyardError(`environment "${p.name}": given twice`);
    seen.add(p.name);
  }
  // cdktf creates outdir without `recursive`, so `--outdir dist/infra` would fail on a fresh checkout.
  fs.mkdirSync(opts.outdir, { recursive: true });
  withoutCdktfEnvironment(() => {
    // stackTraces off: construct metadata would otherwise carry stack traces (absolute paths).
    const app = new App({ outdir: opts.outdir, stackTraces: false, hclOutput: false });
    for (const profile of profiles) new ShopCloudStack(app, profile.name, { profile, network: opts.network });
    app.synth();
  });
  return { stacks: profiles.map((p) => p.name) };
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
