import { shopPlatform } from '../../platform';
import { renderAll, SynthFailedError } from '../../synth/synth';
import { COMMON_OPTIONS, parseCommand } from '../args';
import { formatDiffMarkdown, formatDiffTable } from '../terminal/diff-format';
import { diffEnvironments } from '../../compare/environment-diff';
import { prepareRun, workloadNames } from '../environments';
import { EXIT, UsageError } from '../errors';
import { Output } from '../terminal/output';
import { checkServiceNames } from '../overrides/set-overrides';
import { SynthCommandError } from './synth';

export const DIFF_HELP = `Usage: shipyard-k8s diff ENV_A ENV_B [--set [ENV:]PATH=VALUE]... [--format table|markdown]

Renders both environments in memory (with the same checks as synth; nothing is written) and shows
what differs, grouped by workload (Deployment/StatefulSet): replicas and HPA range, disruption
budget, images, resources, storage classes, exposure (Service type, externalTrafficPolicy,
annotations), database wiring (DB_HOST, Cloud SQL proxy sidecar and instance, in-cluster MySQL),
config and environment values, placement; then objects only in one of them, other changed objects,
and the traffic edges from the NetworkPolicies.

Options:
  --set [ENV:]PATH=VALUE   override a profile field, as for synth (ENV: for one side only)
  --format table|markdown  aligned table (default), or Markdown with a Mermaid graph for a PR comment
  -q, --quiet              print nothing but errors
  --debug                  show stack traces
  -h, --help               this help

Exit codes: 0 compared (whether or not they differ); 1 an environment failed its checks; 2 usage error.`;

export function diffCommand(argv: readonly string[], out: Output): number {
  const { values, positionals } = parseCommand(
    'diff',
    argv,
    { ...COMMON_OPTIONS, set: { type: 'string', multiple: true, default: [] }, format: { type: 'string', default: 'table' } },
    true,
  );
  if (values.help) {
    out.data(DIFF_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 2) throw new UsageError(`diff: expected two environments (diff ENV_A ENV_B), got ${positionals.length ? positionals.join(' ') : 'none'}`);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'markdown') throw new UsageError(`diff: unknown format "${format}"; formats: table, markdown`);
  if (positionals[0] === positionals[1]) throw new UsageError(`diff: both sides are "${positionals[0]}"; name two different environments`);
  const { profiles, overrides } = prepareRun(positionals, values.set ?? []);
  let outputs;
  try {
    outputs = renderAll(profiles, shopPlatform, (o) => out.progress(out.dim(`rendered ${o.name} (${o.objectCount} objects, ${o.millis.toFixed(0)} ms)`)));
  } catch (error) {
    if (!(error instanceof SynthFailedError)) throw error;
    throw new SynthCommandError(`diff: ${error.failures.map((f) => f.environment).join(', ')} failed its checks, so there is nothing to compare.\n\n${error.message}`);
  }
  for (const o of outputs) checkServiceNames(overrides, o.name, workloadNames(o.manifests));
  const [a, b] = outputs;
  const diff = diffEnvironments({ name: a.name, objects: a.manifests }, { name: b.name, objects: b.manifests });
  const text = format === 'markdown' ? formatDiffMarkdown(diff) : formatDiffTable(diff, out);
  out.data(text.endsWith('\n') ? text : text + '\n');
  return EXIT.ok;
}
