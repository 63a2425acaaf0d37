/**
 * `synth --watch`: a warm process for the edit loop. It renders once, then watches the directories of
 * every source module it loaded; when one changes it drops that module and every module that imports
 * it (transitively) from the require cache, renders again from the fresh modules, and rewrites only
 * the environments whose files changed, through the same atomic writer as `synth`. Packages and the
 * modules the edit does not reach stay loaded and compiled, which is what makes it fast.
 *
 * It reloads what Node's `require` loaded as separate files: the CLI run from source
 * (`npm run synth:watch`, scripts/run-ts.js) or from `lib/`. A single-file bundle has nothing
 * to reload, so it says so and exits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RenderedEnvironment } from '../synth/synth';
import { EXIT } from './errors';
import { dropFromRequireCache } from './reload';
import { Output } from './terminal/output';

/** What `synth --watch` needs. */
export interface WatchOptions {
  /** Output directory. */
  readonly outdir: string;
  /** Terminal output. */
  readonly out: Output;
  /**
   * Renders the run from the modules currently in the require cache (loading dropped ones afresh);
   * `changed` are the source files changed since the last render (already dropped on this thread).
   */
  readonly render: (changed: readonly string[]) => readonly RenderedEnvironment[];
}

/** How long a change settles before it is rendered (milliseconds). */
const SETTLE_MS = 5;

/** A source module is any loaded file outside node_modules (packages do not change while you edit). */
const isSource = (file: string) => path.isAbsolute(file) && !file.split(path.sep).includes('node_modules');

/** Starts watching; returns once the first render is written (the watchers keep the process alive). */
export function watchSynth(options: WatchOptions): number {
  const { out, outdir } = options;
  // In a bundle this module's code lives in the bundle's file, not in synth-watch.ts/.js.
  if (!/^synth-watch\.[cm]?[jt]s$/.test(path.basename(__filename))) {
    out.error(`synth --watch reloads the modules it loaded from source, and this CLI is a single-file bundle; run it from source: npm run synth:watch`);
    return EXIT.usage;
  }
  const written = new Map<string, ReadonlyMap<string, string>>();
  const contents = new Map<string, string>();
  const watchers = new Map<string, fs.FSWatcher>();
  const pending = new Set<string>();
  let scheduled = false;

  const cycle = (changed: readonly string[]) => {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    dropFromRequireCache(changed);
    let outputs: readonly RenderedEnvironment[];
    try {
      outputs = options.render(changed);
    } catch (error) {
      // The previous output stays as it was; the next save tries again.
      out.error(`${out.err.red('error:')} ${(error as Error).message}`);
      out.info(out.dim(`  ${outdir}/ unchanged; watching for changes`));
      watchLoadedDirectories();
      return;
    }
    const changedEnvs = outputs.filter((o) => !sameFiles(written.get(o.name), o.files));
    try {
      if (changedEnvs.length) writeEnvironmentsFresh(outdir, changedEnvs);
    } catch (error) {
      out.error(`${out.err.red('error:')} ${(error as Error).message}`);
      return;
    }
    for (const o of changedEnvs) written.set(o.name, o.files);
    const millis = Number(process.hrtime.bigint() - started) / 1e6;
    // CPU time beside wall time: on a busy machine the wall time says more about the neighbours.
    const used = process.cpuUsage(cpu);
    const cpuMillis = (used.user + used.system) / 1e3;
    const what = changed.length ? `${changed.map((f) => path.relative(process.cwd(), f)).join(', ')} changed: ` : '';
    const wrote = changedEnvs.length ? `wrote ${changedEnvs.map((o) => o.name).join(', ')}` : 'wrote nothing';
    const same = outputs.length - changedEnvs.length;
    out.info(`${what}rendered ${outputs.length} environment(s) in ${millis.toFixed(1)} ms (CPU ${cpuMillis.toFixed(1)} ms); ${wrote}${same ? ` (${same} unchanged)` : ''} into ${outdir}/`);
    watchLoadedDirectories();
  };

  const onChange = (file: string) => {
    // Not a module of this run (an editor's swap file, a test…). A module whose last load failed is
    // no longer in the require cache, but still a source of this run.
    if (!require.cache[file] && !contents.has(file)) return;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return; // removed or being replaced: the next event brings the new file
    }
    // A file caught between an editor's truncate and its write: the write's own event follows.
    if (text === '') return;
    if (contents.get(file) === text) return; // touched, or an event for a write already rendered
    contents.set(file, text);
    pending.add(file);
    if (scheduled) return;
    scheduled = true;
    // Events of one save (and of a save touching several files) come within a few milliseconds:
    // render once for all of them.
    setTimeout(() => {
      scheduled = false;
      const changed = [...pending];
      pending.clear();
      cycle(changed);
    }, SETTLE_MS);
  };

  const watchLoadedDirectories = () => {
    for (const file of Object.keys(require.cache)) {
      if (!isSource(file)) continue;
      if (!contents.has(file)) {
        try {
          contents.set(file, fs.readFileSync(file, 'utf8'));
        } catch {
          continue;
        }
      }
      const dir = path.dirname(file);
      if (watchers.has(dir)) continue;
      const watcher = fs.watch(dir, { persistent: true }, (_event, name) => {
        if (name) onChange(path.join(dir, name.toString()));
      });
      watcher.on('error', () => watchers.delete(dir));
      watchers.set(dir, watcher);
    }
  };

  cycle([]);
  out.info(out.dim(`watching ${watchers.size} source director${watchers.size === 1 ? 'y' : 'ies'} (Ctrl-C to stop)`));
  return EXIT.ok;
}

function sameFiles(a: ReadonlyMap<string, string> | undefined, b: ReadonlyMap<string, string>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const [file, text] of b) if (a.get(file) !== text) return false;
  return true;
}

/** The writer of the freshly loaded synth command (an edit to it applies to the next write too). */
function writeEnvironmentsFresh(outdir: string, outputs: readonly RenderedEnvironment[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./commands/synth') as typeof import('./commands/synth')).writeEnvironments(outdir, outputs);
}
