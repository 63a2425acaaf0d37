import { loadAll } from 'js-yaml';
import * as path from 'node:path';
import { ShipyardError } from '../../errors';
import { Project, projectRelative } from '../../project/project';
import { unusedLockKeys } from '../../images/image-list';
import { RELEASE_FILES } from '../../release/file-names';
import { Manifest } from '../../synth/manifest-files';
import { renderFiles } from '../../synth/render-files';
import { WatchWorkers } from '../watch-workers';
import { idleThreadsNow, ParallelOptions } from '../../synth/render-workers';
import { RenderedEnvironment, SynthFailedError } from '../../synth/synth';
import { ObjectMemo, RenderMemo } from '../../synth/render-memo';
import { StoredRenderMemo } from '../../synth/stored-render-memo';
import { OutputTransaction, OutputTree, WriteReport, writeOutputs } from '../../output';
import { secretIdsOf } from '../../infra/secret-ids';
import { manifestTree } from '../../synth/write-output';
import { COMMON_OPTIONS, parseCommand } from '../args';
import { imageLockOptions, prepareRun, workloadNames } from '../environments';
import { EXIT, UsageError } from '../errors';
import { Environment } from '../../profiles/environment';
import { formatSetHelp, formatSetPathsCompact } from '../overrides/set-help';
import { checkServiceNames, SetOverride } from '../overrides/set-overrides';
import { findProjectFile, loadProject } from '../project/load-project';
import { formatFailures } from '../terminal/failures';
import { watchSynth } from '../synth-watch';
import { cliEntry } from '../worker-entry';
import { Output } from '../terminal/output';

export const SYNTH_USAGE = `Usage: shipyard-k8s synth [--env NAME]... [--set [ENV:]PATH=VALUE]... [--outdir DIR] [--config FILE] [--jobs N|auto] [--watch]

Synthesizes the project's environments (all of them by default) into DIR/<env>/, after schema,
policy and capacity checks, and the Terraform stack of each environment on Google Cloud (when the
project has infra) into the project's cdktf.out/stacks/<env>/, from the same profiles, so --set
applies to both. Nothing is written unless every environment passes; then all environment
directories and stacks are switched in one atomic, journaled step (a crashed run is finished or
undone by the next one), so a failed run leaves the outputs as they were. Synth owns the files it
lists in DIR/.shipyard-owned; other files in DIR/<env>/ are kept. A second run waits for the first
(SHIPYARD_LOCK_TIMEOUT_MS, default 30000) and then fails.

Options:
  --env NAME                  an environment to synthesize (repeatable; default: all)
  --set [ENV:]PATH=VALUE      override a profile field for this run (repeatable; ENV: limits it to
                              one environment; recorded as "overrides" in the environment's
                              release/release.json); see --help-set
  --outdir DIR                put this run's output under DIR: manifests in DIR/<env>/, stacks in
                              DIR/cdktf.out/stacks/<env>/ (default: the project's dist/ and cdktf.out/)
  --manifests-only            skip the Terraform stacks (they are left as they were)
  --config FILE               the project file (default: shipyard.config.ts here or in a parent)
  --jobs N|auto               threads that render environments (default auto: more than one only
                              when an environment has over 1000 objects, one per idle CPU; with
                              --watch, warm threads started once: N, or one per CPU idle at start)
  --watch                     keep running: after each change to a loaded source file (the project
                              file, the modules it imports), render again and rewrite, atomically,
                              only the environments whose manifests changed (not the stacks)
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
      outdir: { type: 'string' },
      jobs: { type: 'string', default: 'auto' },
      watch: { type: 'boolean', default: false },
      'help-set': { type: 'boolean', default: false },
      'manifests-only': { type: 'boolean', default: false },
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
  if (values.outdir !== undefined && !values.outdir.trim()) throw new UsageError(`synth: --outdir needs a directory (got an empty string); run 'shipyard-k8s synth --help'`);
  const jobs = parseJobs(values.jobs ?? 'auto');
  if (values.watch) {
    const configFile = findProjectFile(process.cwd(), values.config);
    // One memo for the life of the watcher (while its code is not reloaded): each render reuses the YAML
    // and the schema validation of the objects that did not change.
    // Warm workers render a share of the environments on every save (started once, with the watcher).
    const request = { envNames: values.env ?? [], setArgs: values.set ?? [], configFile, jobs, outdir: values.outdir, state: {} };
    const outdir = values.outdir ? path.resolve(values.outdir) : path.join(path.dirname(configFile), 'dist');
    return watchSynth({ outdir, out, render: (changed) => freshRender(request, out, changed) });
  }
  const project = loadProject(process.cwd(), values.config);
  const { environments, overrides } = prepareRun(values.env ?? [], values.set ?? [], project.environments, project.name, imageLockOptions(project));
  // The YAML and hashes of the objects the last synth of this project wrote (most survive an edit).
  const memo = StoredRenderMemo.open(project.configFile);
  const result = synthesize({ project, environments, overrides, jobs, infra: !values['manifests-only'], ...(memo ? { memo } : {}), ...(values.outdir ? { outdir: values.outdir } : {}) }, out);
  memo?.save();
  printSummary(result, out);
  // Only a run of every environment as declared (no --env, no --set) knows which lock entries are unused.
  if (!values.env?.length && !values.set?.length && project.imageLock) {
    const registryOf = new Map(environments.map((e) => [e.name, e.profile.registry]));
    const unused = unusedLockKeys(
      Object.keys(project.imageLock.images),
      result.outputs.map((o) => ({ registry: registryOf.get(o.name) ?? '', imageList: result.imageLists.get(o.name) })),
    );
    if (unused.length) out.info(out.yellow(`  warning: ${projectRelative(process.cwd(), project.imageLockFile)} has ${unused.length} entr${unused.length === 1 ? 'y' : 'ies'} no environment runs (${unused.join(', ')}); 'shipyard-k8s images lock' drops them`));
  }
  return EXIT.ok;
}

function parseJobs(raw: string): number | 'auto' {
  if (raw === 'auto') return 'auto';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs: expected a positive integer or "auto", got "${raw}"`);
  return n;
}

/**
 * One `--watch` render from freshly loaded modules: the watcher drops changed modules (and the modules
 * that import them) from the require cache first, and the project file is loaded again, so this picks
 * up edits to the project, its platform, the profiles, the constructs and the synth code alike.
 * Renders and checks the manifests; writing them is the watcher's (the Terraform stacks are left to
 * a full synth).
 */
function freshRender(
  request: {
    readonly envNames: readonly string[];
    readonly setArgs: readonly string[];
    readonly configFile: string;
    readonly jobs: number | 'auto';
    readonly outdir?: string;
    readonly state: { memo?: RenderMemo; workers?: WatchWorkers | null };
  },
  out: Output,
  changed: readonly string[],
): readonly RenderedEnvironment[] {
  const { state } = request;
  // The workers drop what changed before their next render (even if this one fails to load).
  state.workers?.invalidate(changed);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fresh = require('./synth') as typeof import('./synth');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prepareRun: prepare, imageLockOptions: lockOptions } = require('../environments') as typeof import('../environments');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadProjectFile: load } = require('../project/load-project') as typeof import('../project/load-project');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RenderMemo: Memo } = require('../../synth/render-memo') as typeof import('../../synth/render-memo');
  // A reloaded memo module (the YAML writer or the memo changed) means a new memo: nothing cached by old code is reused.
  if (!(request.state.memo instanceof Memo)) request.state.memo = new Memo();
  const memo = request.state.memo;
  const project = load(request.configFile);
  const { environments, overrides } = prepare(request.envNames, request.setArgs, project.environments, project.name, lockOptions(project));
  if (state.workers === undefined) {
    // Decided once, at the first render: as many threads as --jobs says, or (auto) the cores idle now.
    const entry = cliEntry();
    const threads = Math.min(environments.length, request.jobs === 'auto' ? idleThreadsNow() : request.jobs);
    state.workers = entry && threads > 1 ? new WatchWorkers(threads - 1, entry, request.configFile) : null;
  }
  try {
    return fresh.render({ project, environments, overrides, jobs: request.jobs, memo, ...(state.workers ? { workers: state.workers } : {}), ...(request.outdir ? { outdir: request.outdir } : {}) }, out);
  } finally {
    memo.nextRender();
  }
}

/** What one synth run renders and where it writes. */
export interface SynthRequest {
  /** The project. */
  readonly project: Project;
  /** The environments, overrides applied, validated and resolved once ({@link prepareRun}). */
  readonly environments: readonly Environment[];
  /** The `--set` overrides applied (for the summary and the service-name check). */
  readonly overrides: readonly SetOverride[];
  /**
   * Puts the run's output under this directory: manifests in `<outdir>/<env>/`, stacks in
   * `<outdir>/cdktf.out/stacks/<env>/`.
   * @default - the project's `outdir` and `infra.outdir`
   */
  readonly outdir?: string;
  /**
   * Threads that render environments (see `ParallelOptions.jobs`).
   * @default 'auto'
   */
  readonly jobs?: number | 'auto';
  /**
   * Reuse the YAML and schema validation of unchanged objects from earlier renders (`--watch`).
   * @default each object validated and dumped
   */
  readonly memo?: ObjectMemo;
  /**
   * Warm worker threads that render a share of the environments (`--watch`); instead of `jobs`.
   * @default none
   */
  readonly workers?: WatchWorkers;
  /**
   * Whether to render and write the Terraform stacks of the project's infra.
   * @default true
   */
  readonly infra?: boolean;
}

/** What a synth run wrote. */
export interface SynthResult {
  /** The environments written, without their files (staged and dropped as each one passed). */
  readonly outputs: readonly RenderedEnvironment[];
  /** Each environment's `release/images.txt`. */
  readonly imageLists: ReadonlyMap<string, string>;
  /** Terraform stacks written (environment names). */
  readonly stacks: readonly string[];
  /** Where the manifests went. */
  readonly outdir: string;
  /** Where the stacks went (`<infraOutdir>/stacks/<env>`). */
  readonly infraOutdir: string;
  readonly millis: number;
  readonly overrides: readonly SetOverride[];
  /** What the writer kept, removed and recovered. */
  readonly written: WriteReport;
}

/** A path for messages: relative to the working directory when under it. */
const shown = (dir: string) => {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
};

/**
 * The core of `synth`: renders every environment and its Terraform stack from the same profile,
 * checks them, and writes them only when all pass. Throws {@link SynthCommandError} (nothing written)
 * when an environment fails its checks or the output cannot be written. Watch mode and other front
 * ends call this rather than the command.
 *
 * Each environment's files are staged as soon as it passed (the output directories are locked from
 * the first) and then dropped, so the run holds one environment's output at a time; the stacks
 * follow, and one commit switches everything (see {@link OutputTransaction}).
 */
export function synthesize(request: SynthRequest, out: Output): SynthResult {
  const { project, environments, overrides } = request;
  const outdir = request.outdir ? path.resolve(request.outdir) : project.outdir;
  const infraOutdir = request.outdir ? path.join(outdir, 'cdktf.out') : project.infraOutdir;
  const started = Date.now();
  const withStacks = request.infra !== false && stackEnvironments(project, environments).length > 0;
  // Everything the run loads is loaded before the output directories are locked: scripts/run-ts.js
  // starts the process again when a package its vendor bundle lacks (cdktf) is first required, and the
  // new process would wait for the lock its parent holds.
  if (withStacks) infraModule(project);
  // Opened when the first environment passed: a run whose first environment fails creates nothing.
  let txn: OutputTransaction | undefined;
  const open = () => (txn ??= OutputTransaction.open([outdir, ...(withStacks ? [infraOutdir] : [])]));
  try {
    const imageLists = new Map<string, string>();
    const secretIds: Record<string, string[]> = {};
    const outputs = render(request, out, (o, manifests) => {
      const images = o.files.get(RELEASE_FILES.images);
      if (images !== undefined) imageLists.set(o.name, images);
      // Each stack creates exactly the Secret Manager secrets its environment's manifests read.
      if (withStacks) secretIds[o.name] = secretIdsOf(manifests ?? manifestsOf(o));
      open().stageUnit(outdir, { path: o.name, files: o.files });
    });
    const stacks = withStacks ? renderProjectStacks(project, environments, infraOutdir, secretIds) : undefined;
    if (stacks) {
      for (const unit of stacks.units) open().stageUnit(stacks.dir, unit);
      if (stacks.files) open().stageFiles(stacks.dir, stacks.files);
    }
    const written = open().commit();
    return { outputs, imageLists, stacks: stacks?.stacks ?? [], outdir, infraOutdir, millis: Date.now() - started, overrides, written };
  } finally {
    txn?.abort(); // nothing once committed
  }
}

/**
 * Renders and checks every environment's manifests, keeping only their files (each environment's
 * objects are dropped once it is serialized), on worker threads when `jobs` says so, and checks the
 * `--set` service names. Throws {@link SynthCommandError} when an environment fails. Writes nothing.
 *
 * With `take`, each environment that passed is handed to it (with its objects, when it was rendered
 * on this thread) and comes back without its files: the caller keeps what it needs of them.
 */
export function render(request: SynthRequest, out: Output, take?: (o: RenderedEnvironment, manifests: readonly Manifest[] | undefined) => void): RenderedEnvironment[] {
  const { project, environments, overrides } = request;
  const outdir = request.outdir ? path.resolve(request.outdir) : project.outdir;
  const entry = cliEntry();
  // Worker threads load the CLI's entry and, from it, the same project file (see main.ts).
  const parallel: ParallelOptions | undefined = entry ? { worker: { filename: entry, data: { configFile: project.configFile } }, jobs: request.jobs ?? 'auto' } : undefined;
  const workloads = new Map<string, string[]>();
  let outputs: RenderedEnvironment[];
  try {
    const onEnvironment = (o: RenderedEnvironment & { readonly manifests?: readonly Manifest[] }) => {
      // Environments rendered on a worker thread come back without their objects: with --set, their
      // workload names are read back from their files.
      if (overrides.length) workloads.set(o.name, o.manifests ? workloadNames(o.manifests) : workloadNamesOfFiles(o));
      out.progress(progressLine(o, out));
      take?.(o, o.manifests);
    };
    outputs = renderFiles(environments, project.platform, {
      ...(request.workers ? { pool: request.workers } : { parallel }),
      onEnvironment,
      keepFiles: !take,
      ...(request.memo ? { memo: request.memo } : {}),
    });
  } catch (error) {
    if (!(error instanceof SynthFailedError)) throw error;
    const failed = error.failures.map((f) => f.environment);
    throw new SynthCommandError(
      `${failed.length} of ${environments.length} environment(s) failed (${failed.join(', ')}); nothing was written and ${shown(outdir)}/ is unchanged.\n\n${formatFailures(error.failures, project.root)}`,
    );
  }
  if (overrides.length) for (const o of outputs) checkServiceNames(overrides, o.name, workloads.get(o.name) ?? []);
  return outputs;
}

/** The workload names (Deployments and StatefulSets) of an environment's manifest files. */
function workloadNamesOfFiles(o: RenderedEnvironment): string[] {
  return workloadNames(manifestsOf(o));
}

/** An environment's objects, read back from its manifest files (rendered environments keep only their files). */
function manifestsOf(o: RenderedEnvironment): Manifest[] {
  const manifests: Manifest[] = [];
  for (const [file, text] of o.files) if (file.endsWith('.yaml') && /^\d\d-/.test(file)) manifests.push(...(loadAll(text) as Manifest[]));
  return manifests;
}

/** Writes environments' manifests with the shared atomic writer (`--watch` writes only those that changed). */
export function writeEnvironments(outdir: string, outputs: readonly RenderedEnvironment[]): WriteReport {
  return writeOutputs([manifestTree(outdir, outputs)]);
}

/** The infra module (cdktf and the Google provider: optional peers, loaded only for projects with infra). */
function infraModule(project: Project): typeof import('../../infra') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../infra') as typeof import('../../infra');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new SynthCommandError(
      `project "${project.name}" has infra, but cdktf or @cdktf/provider-google is not installed (npm install cdktf @cdktf/provider-google); ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/** The environments that get a Terraform stack: those on Google Cloud, when the project has infra. */
function stackEnvironments(project: Project, environments: readonly Environment[]): Environment[] {
  return project.infra ? environments.filter((e) => e.profile.gcp !== undefined) : [];
}

/**
 * The Terraform stacks of the environments on Google Cloud, when the project has infra.
 * @param secretIdsByEnvironment - the Secret Manager secret ids each environment's manifests read
 */
export function renderProjectStacks(
  project: Project,
  environments: readonly Environment[],
  infraOutdir: string,
  secretIdsByEnvironment: Readonly<Record<string, readonly string[]>> = {},
): (OutputTree & { readonly stacks: string[] }) | undefined {
  const cloud = stackEnvironments(project, environments);
  if (!project.infra || !cloud.length) return undefined;
  const infra = infraModule(project);
  try {
    return infra.synthesizeStacks(infraOutdir, { environments: cloud, secretIdsByEnvironment, ...(project.infra.network ? { network: project.infra.network } : {}) });
  } catch (error) {
    if (!(error instanceof ShipyardError)) throw error;
    throw new SynthCommandError(`Terraform stacks: ${error.message}; nothing was written`);
  }
}

function progressLine(o: RenderedEnvironment, out: Output): string {
  return `${out.green('✓')} ${o.name.padEnd(10)} ${String(o.objectCount).padStart(4)} objects  ${o.millis.toFixed(0).padStart(5)} ms`;
}

/** The capacity line without the environment name it starts with. */
function capacityText(o: RenderedEnvironment): string {
  const summary = o.capacity.summary;
  return summary.startsWith(`${o.name}: `) ? summary.slice(o.name.length + 2) : summary;
}

function printSummary({ outputs, stacks, outdir, infraOutdir, millis, overrides, written }: SynthResult, out: Output): void {
  for (const line of written.recovered) out.info(out.yellow(line));
  const stackText = stacks.length ? ` and ${stacks.length} Terraform stack(s) into ${shown(infraOutdir)}/stacks/` : '';
  out.info(out.bold(`Synthesized ${outputs.length} environment(s) into ${shown(outdir)}/${stackText} in ${millis} ms`));
  if (overrides.length) out.info(`  overrides applied: ${overrides.map((o) => `--set ${o.raw}`).join(' ')}`);
  for (const o of outputs) {
    const stack = stacks.includes(o.name) ? ' + stack' : '';
    out.info(`  ${o.name.padEnd(10)} ${o.platform.padEnd(9)} ${String(o.objectCount).padStart(4)} objects${stack}, ${o.waived.length} waived; capacity: ${capacityText(o)}`);
    for (const w of o.waived) {
      out.info(out.yellow(`    waived ${w.finding.ruleId} on ${w.finding.object}${w.finding.constructPath ? ` (${w.finding.constructPath})` : ''}: ${w.reason}`));
    }
  }
  if (written.removed.length) out.info(`  removed ${written.removed.length} file(s) synth wrote before and no longer writes: ${written.removed.join(', ')}`);
  if (written.kept.length) out.info(out.yellow(`  kept ${written.kept.length} file(s) synth does not own: ${written.kept.join(', ')}`));
}
