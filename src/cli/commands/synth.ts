import { shopPlatform } from '../../platform';
import { EnvironmentOutput, renderAll, SynthFailedError } from '../../synth/synth';
import { writeOutput } from '../../synth/write-output';
import { WriteReport } from '../../output';
import { COMMON_OPTIONS, parseCommand } from '../args';
import { prepareRun, workloadNames } from '../environments';
import { EXIT, UsageError } from '../errors';
import { Output } from '../terminal/output';
import { checkServiceNames, SetOverride } from '../overrides/set-overrides';
import { Environment } from '../../profiles/environment';
import { formatSetHelp, formatSetPathsCompact } from '../overrides/set-help';
import { ShipyardError } from '../../errors';

export const SYNTH_USAGE = `Usage: shipyard-k8s synth [--env NAME]... [--set [ENV:]PATH=VALUE]... [--outdir DIR] [--quiet] [--debug]

Synthesizes the platform for each environment (all of them by default) into DIR/<env>/, after
schema, policy and capacity checks. Nothing is written unless every environment passes; then all
environment directories are switched in one atomic, journaled step (a crashed run is finished or
undone by the next one), so a failed run leaves DIR as it was. Synth owns the files it lists in
DIR/.shipyard-owned; other files in DIR/<env>/ are kept. A second run waits for the first
(SHIPYARD_LOCK_TIMEOUT_MS, default 30000) and then fails.

Options:
  --env NAME                  an environment to synthesize (repeatable; default: all)
  --set [ENV:]PATH=VALUE      override a profile field for this run (repeatable; ENV: limits it to
                              one environment); see --help-set
  --outdir DIR                output directory (default: dist)
  --help-set                  list every settable path with its type, default and description
  -q, --quiet                 print nothing but errors
  --debug                     show stack traces
  -h, --help                  this help

Exit codes: 0 written; 1 an environment failed its checks or DIR could not be written (nothing
written); 2 usage error
(unknown environment or option, bad --set, profile invalid after --set).`;

/** `synth --help`: usage and the settable paths (their descriptions are in --help-set). */
export function synthHelp(): string {
  return `${SYNTH_USAGE}\n\nSettable paths (see --help-set for descriptions):\n${formatSetPathsCompact()}\n`;
}

/** Some environment failed its checks; nothing was written. */
export class SynthCommandError extends ShipyardError {}

export function synthCommand(argv: readonly string[], out: Output): number {
  const { values } = parseCommand(
    'synth',
    argv,
    {
      ...COMMON_OPTIONS,
      env: { type: 'string', multiple: true, default: [] },
      set: { type: 'string', multiple: true, default: [] },
      outdir: { type: 'string', default: 'dist' },
      'help-set': { type: 'boolean', default: false },
    },
    false,
  );
  if (values.help) {
    out.data(synthHelp());
    return EXIT.ok;
  }
  if (values['help-set']) {
    out.data(formatSetHelp() + '\n');
    return EXIT.ok;
  }
  const outdir = values.outdir ?? 'dist';
  if (!outdir.trim()) throw new UsageError(`synth: --outdir needs a directory (got an empty string); run 'shipyard-k8s synth --help'`);
  const { environments, overrides } = prepareRun(values.env ?? [], values.set ?? []);
  const result = synthesize({ environments, overrides, outdir }, out);
  printSummary(result, out);
  return EXIT.ok;
}

/** What one synth run renders and where it writes. */
export interface SynthRequest {
  /** The environments, overrides applied, validated and resolved once ({@link prepareRun}). */
  readonly environments: readonly Environment[];
  /** The `--set` overrides applied (for the summary and the service-name check). */
  readonly overrides: readonly SetOverride[];
  /** Output directory. */
  readonly outdir: string;
}

/** What a synth run wrote. */
export interface SynthResult {
  readonly outputs: readonly EnvironmentOutput[];
  readonly outdir: string;
  readonly millis: number;
  readonly overrides: readonly SetOverride[];
  /** What the writer kept, removed and recovered. */
  readonly written: WriteReport;
}

/**
 * The core of `synth`: renders every environment, checks them, and writes them in one go only when all
 * pass. Throws {@link SynthCommandError} (nothing written) when an environment fails its checks or the
 * output cannot be written. Watch mode and other front ends call this rather than the command.
 */
export function synthesize(request: SynthRequest, out: Output): SynthResult {
  const { environments, overrides, outdir } = request;
  const started = Date.now();
  let outputs: EnvironmentOutput[];
  try {
    outputs = renderAll(environments, shopPlatform, (o) => out.progress(progressLine(o, out)));
  } catch (error) {
    if (!(error instanceof SynthFailedError)) throw error;
    const failed = error.failures.map((f) => f.environment);
    throw new SynthCommandError(
      `${failed.length} of ${environments.length} environment(s) failed (${failed.join(', ')}); nothing was written and ${outdir}/ is unchanged.\n\n${error.message}`,
    );
  }
  for (const o of outputs) checkServiceNames(overrides, o.name, workloadNames(o.manifests));
  const written = writeOutput(outdir, outputs);
  return { outputs, outdir, millis: Date.now() - started, overrides, written };
}

function progressLine(o: EnvironmentOutput, out: Output): string {
  return `${out.green('✓')} ${o.name.padEnd(10)} ${String(o.objectCount).padStart(4)} objects  ${o.millis.toFixed(0).padStart(5)} ms`;
}

/** The capacity line without the environment name it starts with. */
function capacityText(o: EnvironmentOutput): string {
  const summary = o.capacity.summary;
  return summary.startsWith(`${o.name}: `) ? summary.slice(o.name.length + 2) : summary;
}

function printSummary({ outputs, outdir, millis, overrides, written }: SynthResult, out: Output): void {
  const sets = overrides.map((o) => o.raw);
  for (const line of written.recovered) out.info(out.yellow(line));
  out.info(out.bold(`Synthesized ${outputs.length} environment(s) into ${outdir}/ in ${millis} ms`));
  if (sets.length) out.info(`  with ${sets.map((s) => `--set ${s}`).join(' ')}`);
  for (const o of outputs) {
    out.info(`  ${o.name.padEnd(10)} ${o.platform.padEnd(9)} ${String(o.objectCount).padStart(4)} objects, ${o.waived.length} waived; capacity: ${capacityText(o)}`);
    for (const w of o.waived) {
      out.info(out.yellow(`    waived ${w.finding.ruleId} on ${w.finding.object}${w.finding.constructPath ? ` (${w.finding.constructPath})` : ''}: ${w.reason}`));
    }
  }
  if (written.removed.length) out.info(`  removed ${written.removed.length} file(s) synth wrote before and no longer writes: ${written.removed.join(', ')}`);
  if (written.kept.length) out.info(out.yellow(`  kept ${written.kept.length} file(s) synth does not own: ${written.kept.join(', ')}`));
}
