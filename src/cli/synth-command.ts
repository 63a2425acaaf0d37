import { parseArgs } from 'node:util';
import { PLATFORM_PROFILES, shopPlatform } from '../platform';
import { EnvironmentProfile } from '../profiles/environment-profile';
import { renderAll, EnvironmentOutput } from '../synth/synth';
import { writeOutput } from '../synth/write-output';
import { UsageError } from './errors';
import { Output } from './output';

export const SYNTH_HELP = `Usage: shipyard-k8s synth [--env NAME]... [--set PATH=VALUE]... [--outdir DIR] [--quiet] [--debug]

Synthesizes the platform for each environment (all of them by default) into DIR/<env>/, after
schema, policy and capacity checks. Nothing is written unless every environment passes; each
environment directory is replaced atomically.

Options:
  --env NAME        an environment to synthesize (repeatable; default: all)
  --set PATH=VALUE  override a profile field for this run (repeatable; see 'shipyard-k8s synth --help-set')
  --outdir DIR      output directory (default: dist)
  --quiet           print nothing but errors
  --debug           show stack traces
`;

/** Picks profiles by name; unknown names are a usage error listing the known ones. */
export function selectProfiles(names: readonly string[], profiles: readonly EnvironmentProfile[] = PLATFORM_PROFILES): EnvironmentProfile[] {
  if (names.length === 0) return [...profiles];
  const known = profiles.map((p) => p.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    throw new UsageError(`unknown environment${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; known environments: ${known.join(', ')}`);
  }
  return profiles.filter((p) => names.includes(p.name));
}

export function synthCommand(argv: string[], out: Output): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      outdir: { type: 'string', default: 'dist' },
      quiet: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    out.info(SYNTH_HELP);
    return 0;
  }
  const profiles = selectProfiles(values.env ?? []);
  if ((values.set ?? []).length) throw new UsageError('--set is not supported yet');
  const started = Date.now();
  const outputs = renderAll(profiles, shopPlatform, (o) => out.progress(progressLine(o, out)));
  writeOutput(values.outdir ?? 'dist', outputs);
  printSummary(outputs, values.outdir ?? 'dist', Date.now() - started, out);
  return 0;
}

function progressLine(o: EnvironmentOutput, out: Output): string {
  return `${out.green('✓')} ${o.name.padEnd(10)} ${String(o.objectCount).padStart(4)} objects  ${o.millis.toFixed(0).padStart(5)} ms`;
}

function printSummary(outputs: readonly EnvironmentOutput[], outdir: string, millis: number, out: Output): void {
  out.info(out.bold(`Synthesized ${outputs.length} environment(s) into ${outdir}/ in ${millis} ms`));
  for (const o of outputs) {
    out.info(`  ${o.name.padEnd(10)} ${o.platform.padEnd(9)} ${String(o.objectCount).padStart(4)} objects, 0 findings, capacity: ${o.capacity.summary}`);
    for (const w of o.waived) out.info(out.yellow(`    waived ${w.finding.ruleId} on ${w.finding.object} (${w.finding.constructPath ?? '?'}): ${w.reason}`));
  }
}
