import * as path from 'node:path';
import { EnvironmentOutput, renderAll, SynthFailedError } from '../../synth/synth';
import { diffRelease } from '../../compare/release-diff';
import { readCommittedRelease, resolveCommit } from '../committed-release';
import { formatReleaseDiffMarkdown, formatReleaseDiffTable } from '../terminal/release-diff-format';
import { COMMON_OPTIONS, parseCommand } from '../args';
import { formatDiffMarkdown, formatDiffTable } from '../terminal/diff-format';
import { diffEnvironments } from '../../compare/environment-diff';
import { imageLockOptions, prepareRun, workloadNames } from '../environments';
import { EXIT, UsageError } from '../errors';
import { Output } from '../terminal/output';
import { checkServiceNames } from '../overrides/set-overrides';
import { SynthCommandError } from './synth';
import { loadProject } from '../project/load-project';
import { formatFailures } from '../terminal/failures';
import { Project } from '../../project/project';

export const DIFF_HELP = `Usage: shipyard-k8s diff ENV_A ENV_B [--set [ENV:]PATH=VALUE]... [--format table|markdown] [--config FILE]
       shipyard-k8s diff --against [REF] [ENV]... [--outdir DIR] [--set ...] [--format table|markdown]

Renders both environments in memory (with the same checks as synth; nothing is written) and shows
what differs, grouped by workload (Deployment/StatefulSet): replicas and HPA range, disruption
budget, images, resources, storage classes, exposure (Service type, externalTrafficPolicy,
annotations), database wiring (DB_HOST, Cloud SQL proxy sidecar and instance, in-cluster MySQL),
config and environment values, placement; then objects only in one of them, other changed objects,
and the traffic edges from the NetworkPolicies.

With --against, each environment (default: all) is rendered and compared with its committed output
at git REF (default HEAD; DIR/<env>/ at REF, default DIR dist): objects added, changed (workload
aspects and fields), and removed - with what the next apply.sh does about each removed object (its
stage's ApplySet prunes it, or nothing does). Put --against last or give it a value: in
'diff --against staging', staging is the ref.

Options:
  --against [REF]          compare with the committed release at REF (default HEAD)
  --outdir DIR             where the committed output lives (with --against; default dist)
  --set [ENV:]PATH=VALUE   override a profile field, as for synth (ENV: for one side only)
  --format table|markdown  aligned table (default), or Markdown with a Mermaid graph for a PR comment
  -q, --quiet              print nothing but errors
  --debug                  show stack traces
  -h, --help               this help

Exit codes: 0 compared (whether or not they differ); 1 an environment failed its checks; 2 usage error.`;

/** `--against` without a value (last, or followed by an option) means `--against HEAD`. */
function defaultAgainst(argv: readonly string[]): string[] {
  const args = [...argv];
  const i = args.indexOf('--against');
  if (i >= 0 && (i === args.length - 1 || args[i + 1].startsWith('-'))) args.splice(i + 1, 0, 'HEAD');
  return args;
}

export function diffCommand(argv: readonly string[], out: Output): number {
  const { values, positionals } = parseCommand(
    'diff',
    defaultAgainst(argv),
    {
      ...COMMON_OPTIONS,
      set: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'table' },
      against: { type: 'string' },
      outdir: { type: 'string' },
    },
    true,
  );
  if (values.help) {
    out.data(DIFF_HELP + '\n');
    return EXIT.ok;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'markdown') throw new UsageError(`diff: unknown format "${format}"; formats: table, markdown`);
  const project = loadProject(process.cwd(), values.config);
  if (values.against !== undefined) return diffAgainst(project, values.against, positionals, values.outdir ?? committedOutdir(project), values.set ?? [], format, out);
  if (values.outdir !== undefined) throw new UsageError('diff: --outdir only applies with --against (it says where the committed output is)');
  if (positionals.length !== 2) throw new UsageError(`diff: expected two environments (diff ENV_A ENV_B) or --against REF, got ${positionals.length ? positionals.join(' ') : 'none'}`);
  if (positionals[0] === positionals[1]) throw new UsageError(`diff: both sides are "${positionals[0]}"; name two different environments`);
  const [a, b] = render(project, positionals, values.set ?? [], out);
  const diff = diffEnvironments({ name: a.name, objects: a.manifests }, { name: b.name, objects: b.manifests });
  const text = format === 'markdown' ? formatDiffMarkdown(diff) : formatDiffTable(diff, out);
  out.data(text.endsWith('\n') ? text : text + '\n');
  return EXIT.ok;
}

/** The project's manifests directory as a path in the working directory's repository (dist when the project is elsewhere). */
function committedOutdir(project: Project): string {
  const rel = path.relative(process.cwd(), project.outdir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : 'dist';
}

/** Renders the environments (all checks, nothing written); a failed check is exit code 1. */
function render(project: Project, envs: readonly string[], setArgs: readonly string[], out: Output): EnvironmentOutput[] {
  const { environments, overrides } = prepareRun(envs, setArgs, project.environments, project.name, imageLockOptions(project));
  let outputs;
  try {
    outputs = renderAll(environments, project.platform, (o) => out.progress(out.dim(`rendered ${o.name} (${o.objectCount} objects, ${o.millis.toFixed(0)} ms)`)));
  } catch (error) {
    if (!(error instanceof SynthFailedError)) throw error;
    throw new SynthCommandError(`diff: ${error.failures.map((f) => f.environment).join(', ')} failed its checks, so there is nothing to compare.\n\n${formatFailures(error.failures, project.root)}`);
  }
  for (const o of outputs) checkServiceNames(overrides, o.name, workloadNames(o.manifests));
  return outputs;
}

/** `diff --against REF`: each environment against its committed release. */
function diffAgainst(project: Project, ref: string, envs: readonly string[], outdir: string, setArgs: readonly string[], format: string, out: Output): number {
  const commit = resolveCommit(ref);
  const outputs = render(project, envs, setArgs, out);
  const texts = outputs.map((o) => {
    const d = diffRelease(o.name, ref, readCommittedRelease(commit, outdir, o.name), { objects: o.manifests, manifest: o.release.manifest });
    return format === 'markdown' ? formatReleaseDiffMarkdown(d) : formatReleaseDiffTable(d, out);
  });
  const text = texts.join(format === 'markdown' ? '\n' : '\n\n');
  out.data(text.endsWith('\n') ? text : text + '\n');
  return EXIT.ok;
}
