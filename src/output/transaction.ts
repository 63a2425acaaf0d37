/**
 * One atomic switch for everything a run writes, across several output directories (the manifests'
 * `dist/` and the Terraform stacks' `cdktf.out/`), built like a journaled transaction:
 *
 * 1. lock every output directory (`.shipyard-lock`), and finish or clean up what an interrupted run left;
 * 2. stage: write the complete new content of every replaced directory and file under
 *    `<dir>/.shipyard-txn/new/` (same file system as its target), carrying the user's own files over
 *    and synth's unchanged ones (hard links), and fsync every file (together, before the commit's
 *    rename) and directory;
 * 3. commit: write the journal (every rename still to do), fsync it and rename it into place as
 *    `<first dir>/.shipyard-txn/journal`. This one rename is the commit point: before it the run
 *    changed nothing visible, after it the run's output is the output;
 * 4. apply the renames (old directories move to `.shipyard-txn/old/`), fsync, remove the journal and the
 *    old copies, unlock.
 *
 * A run killed before 3 leaves only `.shipyard-txn/` dirs, which the next run removes (all-old); a run
 * killed after 3 leaves a journal, which the next run (or `validate`/`diff`) replays (all-new). No file
 * is ever written in place, so none is ever truncated.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ShipyardError } from '../errors';
import { DurableFs } from './durable-fs';
import { LOCK_FILE, lockOutput, OutputLock } from './lock';
import { OWNED_FILE, formatOwned, parseOwned } from './ownership';

/** A directory a run replaces as a whole. */
export interface OutputUnit {
  /** Path relative to the tree's directory, `/`-separated, e.g. `minikube` or `stacks/gke`. */
  readonly path: string;
  /** File path relative to the unit (`/`-separated) → content. */
  readonly files: ReadonlyMap<string, string | Uint8Array>;
}

/** What one run writes under one output directory. */
export interface OutputTree {
  /** The output directory (created if missing), e.g. `dist`. */
  readonly dir: string;
  /** Directories replaced as a whole (each environment's manifests, each Terraform stack). */
  readonly units: readonly OutputUnit[];
  /**
   * Single files directly in `dir` that the run replaces (e.g. cdktf's `manifest.json`).
   * @default - none
   */
  readonly files?: ReadonlyMap<string, string | Uint8Array>;
}

/** Options of `writeOutputs` and `recoverOutputs`. */
export interface WriteOptions {
  /**
   * How long to wait for another run's lock before failing, in milliseconds.
   * @default - `SHIPYARD_LOCK_TIMEOUT_MS` from the environment, else 30000
   */
  readonly lockTimeoutMs?: number;
}

/** What {@link writeOutputs} did besides writing the new files. */
export interface WriteReport {
  /** Files synth does not own, found in a replaced directory and kept there (paths as `dir/relative`). */
  readonly kept: readonly string[];
  /** Files synth wrote before and no longer writes, removed (paths as `dir/relative`). */
  readonly removed: readonly string[];
  /** What an interrupted earlier run left and how it was resolved, one line each. */
  readonly recovered: readonly string[];
  /** File-system steps taken (each write, fsync, rename, …); the fault-injection tests count on it. */
  readonly steps: number;
}

/** The output could not be written; the previous output is untouched (or, if said so, completed on the next run). */
export class OutputWriteError extends ShipyardError {}

/** Directory of a transaction's staged files and journal, inside each output directory. */
export const TXN_DIR = '.shipyard-txn';
const JOURNAL = 'journal';
const JOURNAL_POINTER = 'journal-path';
const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

interface JournalEntry {
  /** `dir`: target is a directory moved to `backup` first; `file`: renamed over. */
  readonly kind: 'dir' | 'file';
  readonly target: string;
  readonly staged: string;
  readonly backup: string;
}

interface Journal {
  readonly version: 1;
  readonly entries: readonly JournalEntry[];
  /** Every `.shipyard-txn` directory of the transaction, the journal's own last. */
  readonly txnDirs: readonly string[];
}

/**
 * Writes every tree in one transaction: after a crash at any point, every directory and file the run
 * replaces is either all as before or all new once the next run (or {@link recoverOutputs}) has
 * looked at it. Inside a replaced directory, files synth does not own (see `OWNED_FILE`) are kept;
 * a file synth would overwrite that it does not own is refused. Directories and files not named by
 * the run are never touched. (An {@link OutputTransaction} opened, staged with every unit and file,
 * and committed.)
 */
export function writeOutputs(trees: readonly OutputTree[], options: WriteOptions = {}): WriteReport {
  // Everything is known up front: refuse a bad tree before creating or locking anything.
  checkTrees(trees);
  const txn = OutputTransaction.open(
    trees.map((t) => t.dir),
    options,
  );
  for (const tree of trees) {
    for (const unit of tree.units) txn.stageUnit(tree.dir, unit);
    if (tree.files) txn.stageFiles(tree.dir, tree.files);
  }
  return txn.commit();
}

/** One output directory of a transaction and what has been staged for it. */
interface RootState {
  /** The directory as given (for messages). */
  readonly dir: string;
  readonly root: string;
  readonly txn: string;
  /** The ownership record as the run found it; undefined for output of an older version (none). */
  readonly owned: Set<string> | undefined;
  /** What synth owns after the switch. */
  readonly nowOwned: Set<string>;
  /** Staged units, in order: their paths and journal entries. */
  readonly units: { readonly path: string; readonly entry: JournalEntry }[];
  /** Files directly in the directory, staged at the commit. */
  readonly files: Map<string, string | Uint8Array>;
}

/**
 * A write of one or more output directories (`dist/`, `cdktf.out/`) that is staged piece by piece and
 * switched in one atomic commit. {@link OutputTransaction.open} locks the directories (finishing what an
 * interrupted run left); {@link OutputTransaction.stageUnit} writes a directory's complete new content
 * under `.shipyard-txn/new/` as soon as the caller has it (a run stages each environment when it is
 * rendered and drops its files, so it never holds all of them); {@link OutputTransaction.commit} makes
 * the whole run's output the output in one rename of the journal. Until then nothing visible has
 * changed: {@link OutputTransaction.abort}, an error in any method, or a crash leaves every output as it
 * was. {@link writeOutputs} is the one-call form.
 */
export class OutputTransaction {
  /**
   * Creates the output directories that are missing, locks them (waiting for another run's lock up to
   * `options.lockTimeoutMs`) and finishes or removes what an interrupted run left in them.
   * @param dirs - the output directories (e.g. `dist`, `cdktf.out`), each at most once, none inside another's unit
   */
  public static open(dirs: readonly string[], options: WriteOptions = {}): OutputTransaction {
    return new OutputTransaction(dirs, resolveRoots(dirs), options);
  }

  private readonly fsys = new DurableFs();
  private readonly states: RootState[] = [];
  /** The `.shipyard-txn` directories this transaction made (what an abort removes). */
  private readonly staging: string[] = [];
  /** Directories the transaction created, deepest first. */
  private readonly created: string[];
  private locks: OutputLock[] = [];
  private readonly recovered: string[] = [];
  private readonly kept: string[] = [];
  private readonly removed: string[] = [];
  private state: 'open' | 'committed' | 'closed' = 'open';

  private constructor(
    private readonly dirs: readonly string[],
    roots: readonly string[],
    options: WriteOptions,
  ) {
    // Every directory the transaction creates (the roots and missing parents), removed again if it aborts.
    const created = new Set<string>();
    for (const root of roots) for (let d = root; !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) created.add(d);
    this.created = [...created].sort((a, b) => b.length - a.length);
    this.guard(() => {
      for (const root of roots) this.fsys.mkdirp(root);
      this.locks = lockAll(roots, options);
      // A root another run removed while this one waited for its lock was made again by the lock: durably now.
      for (const root of roots) if (this.created.includes(root)) this.fsys.fsyncDir(path.dirname(root));
      roots.forEach((root, i) => this.recovered.push(...recoverRoot(root, dirs[i], this.fsys)));
      roots.forEach((root, i) => {
        const txn = path.join(root, TXN_DIR);
        this.fsys.mkdir(txn);
        this.staging.push(txn);
        this.fsys.mkdir(path.join(txn, 'new'));
        this.fsys.mkdir(path.join(txn, 'old'));
        // A crash after the commit is replayed from any of the directories: the others point to the journal.
        if (i > 0) this.fsys.writeFile(path.join(txn, JOURNAL_POINTER), path.join(this.states[0].txn, JOURNAL));
        const owned = readOwned(root);
        this.states.push({ dir: dirs[i], root, txn, owned, nowOwned: new Set(owned ?? []), units: [], files: new Map() });
      });
    });
  }

  /**
   * Stages the complete new content of `<dir>/<unit.path>/`: synth's files that did not change are
   * hard-linked from the current directory, the others written; files synth does not own are carried
   * over (or, where synth would overwrite one, refused). Every file is fsynced before the commit.
   * @param dir - one of the directories the transaction was opened with
   */
  public stageUnit(dir: string, unit: OutputUnit): void {
    this.guard(() => {
      const s = this.stateOf(dir);
      checkUnit(dir, unit);
      const target = path.join(s.root, unit.path);
      this.checkTarget(target, s);
      const shown = (rel: string) => `${dir}/${rel}`;
      const staged = path.join(s.txn, 'new', `d${s.units.length}`);
      for (const o of [...s.nowOwned]) if (o.startsWith(unit.path + '/')) s.nowOwned.delete(o);
      const fsys = this.fsys;
      fsys.mkdir(staged);
      const dirs = new Set<string>([staged]);
      for (const [file, content] of unit.files) {
        const dest = path.join(staged, file);
        mkdirsUnder(staged, path.dirname(dest), dirs, fsys);
        // A file synth wrote before with the same content is carried by a hard link: no new data to
        // write and fsync (a re-render after an edit changes a few files of each environment).
        const previous = path.join(target, file);
        if (!(s.owned?.has(`${unit.path}/${file}`) && isFile(previous) && sameContent(previous, content) && tryLink(previous, dest, fsys))) fsys.writeFile(dest, content);
        s.nowOwned.add(`${unit.path}/${file}`);
      }
      if (lexists(target)) {
        if (!fs.lstatSync(target).isDirectory()) throw new OutputWriteError(`${shown(unit.path)} is not a directory; synth writes a directory there. Move it away`);
        carryForeign(target, staged, '', { unit, owned: s.owned, shown, kept: this.kept, removed: this.removed, dirs, fsys });
      }
      for (const d of [...dirs].sort((a, b) => b.length - a.length)) fsys.fsyncDir(d);
      sameFileSystem(staged, target);
      s.units.push({ path: unit.path, entry: { kind: 'dir', target, staged, backup: path.join(s.txn, 'old', `d${s.units.length}`) } });
    });
  }

  /**
   * Files directly in `dir` that the run replaces (e.g. cdktf's `manifest.json`), staged at the commit.
   * @param dir - one of the directories the transaction was opened with
   */
  public stageFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>): void {
    this.guard(() => {
      const s = this.stateOf(dir);
      for (const [name, content] of files) {
        checkRootFileName(dir, name);
        if (!s.files.has(name)) this.checkTarget(path.join(s.root, name), s);
        s.files.set(name, content);
      }
    });
  }

  /**
   * Switches every staged unit and file into place in one atomic commit, then unlocks. Staging nothing
   * for a directory leaves its content as it is (its ownership record is rewritten).
   */
  public commit(): WriteReport {
    let journalFile: string | undefined;
    this.guard(() => {
      const entries: JournalEntry[] = [];
      const fsys = this.fsys;
      for (const s of this.states) {
        const shown = (rel: string) => `${s.dir}/${rel}`;
        entries.push(...s.units.map((u) => u.entry));
        const rootFiles = new Map(s.files);
        for (const name of rootFiles.keys()) {
          const target = path.join(s.root, name);
          if (lexists(target) && !fs.lstatSync(target).isFile()) throw new OutputWriteError(`${shown(name)} is not a file; synth writes a file there. Move it away`);
          if (lexists(target) && s.owned && !s.owned.has(name) && !sameContent(target, rootFiles.get(name)!)) throw notOwned(shown(name), shown(OWNED_FILE));
          s.nowOwned.add(name);
        }
        for (const o of [...s.nowOwned]) {
          const written = rootFiles.has(o) || s.units.some((u) => o.startsWith(u.path + '/'));
          if (!written && !lexists(path.join(s.root, o))) s.nowOwned.delete(o);
        }
        rootFiles.set(OWNED_FILE, formatOwned(s.nowOwned));
        for (const [f, [name, content]] of [...rootFiles].entries()) {
          const staged = path.join(s.txn, 'new', `f${f}`);
          fsys.writeFile(staged, content);
          entries.push({ kind: 'file', target: path.join(s.root, name), staged, backup: '' });
        }
        fsys.fsyncDir(path.join(s.txn, 'new'));
        fsys.fsyncDir(s.txn);
        fsys.fsyncDir(s.root);
      }
      const journal: Journal = { version: 1, entries, txnDirs: [...this.states.slice(1).map((s) => s.txn), this.states[0].txn] };
      journalFile = commit(this.states[0].txn, journal, fsys);
      this.state = 'committed';
      try {
        applyJournal(journal, journalFile, fsys);
      } catch (first) {
        try {
          applyJournal(journal, journalFile, fsys);
        } catch {
          throw new OutputWriteError(
            `the new output is committed but not all in place (${oneLine(first)}); the next synth, validate or diff finishes it (journal ${journalFile})`,
          );
        }
      }
    });
    this.close();
    return { kept: [...this.kept].sort(), removed: [...this.removed].sort(), recovered: this.recovered, steps: this.fsys.steps };
  }

  /** Drops everything staged and unlocks: the outputs stay as they were. Does nothing once committed or closed. */
  public abort(): void {
    if (this.state !== 'open') return;
    discardStaged(this.staging);
    this.close();
  }

  private close(): void {
    const committed = this.state === 'committed';
    this.state = 'closed';
    this.fsys.close();
    for (const l of this.locks.reverse()) l.release();
    this.locks = [];
    if (!committed) for (const root of this.created) removeIfEmpty(root);
  }

  /** Runs a step; on failure before the commit, drops what was staged, unlocks and says nothing changed. */
  private guard(step: () => void): void {
    if (this.state !== 'open') throw new OutputWriteError(`the output transaction is ${this.state === 'committed' ? 'committed' : 'closed'}; open a new one`);
    try {
      step();
    } catch (error) {
      if (this.state === 'open') this.abort();
      else this.close();
      if ((error as NodeJS.ErrnoException).code && !(error instanceof ShipyardError)) {
        throw new OutputWriteError(`cannot write ${this.dirs.map((d) => `${d}/`).join(' and ')}: ${oneLine(error)}; nothing was changed`);
      }
      throw error;
    }
  }

  private stateOf(dir: string): RootState {
    const root = path.resolve(dir);
    const s = this.states.find((x) => x.root === root);
    if (!s) throw new OutputWriteError(`${dir}/ is not one of the output directories this run opened (${this.states.map((x) => `${x.dir}/`).join(', ')})`);
    return s;
  }

  /** A new unit or file target beside what is staged already (the module function `checkTarget`). */
  private checkTarget(target: string, owner: RootState): void {
    const staged = this.states.flatMap((s) => [...s.units.map((u) => u.entry.target), ...[...s.files.keys()].map((f) => path.join(s.root, f))]);
    checkTarget({ target, root: owner.root }, staged, this.states);
  }
}

function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty (or gone): not ours to remove
  }
}

/** A run failed before its commit: remove what it staged (best effort; the next run removes the rest). */
function discardStaged(txnDirs: readonly string[]): void {
  for (const txn of txnDirs) {
    try {
      fs.rmSync(txn, { recursive: true, force: true });
    } catch {
      // left for the next run's recovery
    }
  }
}

/**
 * Finishes (or removes) what an interrupted run left in these output directories, under their locks.
 * Returns one line per directory that needed it. Readers (`validate`, `diff`) call it before reading.
 */
export function recoverOutputs(dirs: readonly string[], options: WriteOptions = {}): string[] {
  const found = dirs.filter((d) => fs.existsSync(path.join(d, TXN_DIR)) || fs.existsSync(path.join(d, LOCK_FILE)));
  if (!found.length) return [];
  const fsys = new DurableFs();
  // Taking the locks also clears those of killed runs.
  let locks: OutputLock[] = [];
  try {
    locks = lockAll(found.map((d) => path.resolve(d)), options);
    return found.flatMap((d) => recoverRoot(path.resolve(d), d, fsys));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code && !(error instanceof ShipyardError)) {
      throw new OutputWriteError(`cannot finish what an interrupted run left in ${found.map((d) => `${d}/`).join(' and ')}: ${oneLine(error)}`);
    }
    throw error;
  } finally {
    for (const l of locks.reverse()) l.release();
  }
}

const oneLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');

function checkRelative(what: string, p: string): void {
  const parts = p.split('/');
  if (!p || p.startsWith('/') || p.includes('\\') || parts.some((s) => !s || s === '.' || s === '..' || s === TXN_DIR || s.startsWith('.shipyard-'))) {
    throw new OutputWriteError(`${what} "${p}" is not a plain relative path (no empty, ".", ".." or ".shipyard-*" parts)`);
  }
}

const inside = (a: string, b: string) => a === b || a.startsWith(b + path.sep);

/** The checks {@link OutputTransaction} makes as it goes, all made before anything is created. */
function checkTrees(trees: readonly OutputTree[]): void {
  const roots = resolveRoots(trees.map((t) => t.dir));
  const planned = trees.map((tree, i) => ({ dir: tree.dir, root: roots[i] }));
  const targets: string[] = [];
  trees.forEach((tree, i) => {
    const add = (target: string) => {
      checkTarget({ target, root: roots[i] }, targets, planned);
      targets.push(target);
    };
    for (const unit of tree.units) {
      checkUnit(tree.dir, unit);
      add(path.join(roots[i], unit.path));
    }
    for (const file of tree.files?.keys() ?? []) {
      checkRootFileName(tree.dir, file);
      add(path.join(roots[i], file));
    }
  });
}

/** The output directories, resolved; refuses none at all, an empty name, and one given twice. */
function resolveRoots(dirs: readonly string[]): string[] {
  if (!dirs.length) throw new OutputWriteError('nothing to write');
  const roots = dirs.map((dir) => {
    if (typeof dir !== 'string' || !dir.trim()) throw new OutputWriteError('the output directory is empty; name a directory (e.g. dist)');
    return path.resolve(dir);
  });
  roots.forEach((root, i) => {
    if (roots.indexOf(root) !== i) throw new OutputWriteError(`output directory ${dirs[i]}/ is given twice`);
  });
  return roots;
}

/** Refuses a unit whose path or file names are not plain relative paths. */
function checkUnit(dir: string, unit: OutputUnit): void {
  checkRelative(`${dir}/: directory`, unit.path);
  for (const file of unit.files.keys()) checkRelative(`${dir}/${unit.path}: file`, file);
}

/** Refuses a name for a file directly in an output directory that is not a plain file name. */
function checkRootFileName(dir: string, name: string): void {
  if (name.includes('/')) throw new OutputWriteError(`${dir}/: "${name}" is not a file name directly in the directory`);
  checkRelative(`${dir}/: file`, name);
}

/**
 * Refuses a unit or file `target` (of the output directory `root`) that is, holds or sits in one of the
 * targets written already, or that holds another output directory of the run.
 */
function checkTarget(t: { readonly target: string; readonly root: string }, written: readonly string[], roots: readonly { readonly root: string; readonly dir: string }[]): void {
  for (const other of written) {
    if (inside(t.target, other)) throw new OutputWriteError(`${t.target} is written twice (it is inside ${other}, written too)`);
    if (inside(other, t.target)) throw new OutputWriteError(`${other} is written twice (it is inside ${t.target}, written too)`);
  }
  for (const r of roots) {
    if (r.root !== t.root && inside(r.root, t.target)) throw new OutputWriteError(`output directory ${r.dir}/ is inside ${t.target}, which another output replaces`);
  }
}

function lockAll(roots: readonly string[], options: WriteOptions): OutputLock[] {
  const env = Number(process.env.SHIPYARD_LOCK_TIMEOUT_MS);
  const timeout = options.lockTimeoutMs ?? (Number.isFinite(env) && env >= 0 ? env : DEFAULT_LOCK_TIMEOUT_MS);
  const locks: OutputLock[] = [];
  try {
    for (const root of [...roots].sort()) locks.push(lockOutput(root, timeout));
  } catch (error) {
    for (const l of locks.reverse()) l.release();
    throw error;
  }
  return locks;
}

/** Replays a committed journal found through `root`, or removes an uncommitted run's leftovers. */
function recoverRoot(root: string, shown: string, fsys: DurableFs): string[] {
  const txn = path.join(root, TXN_DIR);
  if (!fs.existsSync(txn)) return [];
  let journal = path.join(txn, JOURNAL);
  if (!fs.existsSync(journal) && fs.existsSync(path.join(txn, JOURNAL_POINTER))) journal = fs.readFileSync(path.join(txn, JOURNAL_POINTER), 'utf8');
  if (fs.existsSync(journal)) {
    rollForward(journal, fsys);
    return [`${shown}/: finished switching to the output of an interrupted run (it had committed)`];
  }
  fsys.remove(txn);
  fsys.fsyncDir(root);
  return [`${shown}/: removed what an interrupted run had staged (it had not switched anything)`];
}

/** Reads the ownership record of a root; `undefined` when there is none (output of an older version). */
function readOwned(root: string): Set<string> | undefined {
  const file = path.join(root, OWNED_FILE);
  return fs.existsSync(file) ? parseOwned(fs.readFileSync(file, 'utf8')) : undefined;
}

const lexists = (p: string) => {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

function mkdirsUnder(top: string, dir: string, made: Set<string>, fsys: DurableFs): void {
  if (made.has(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== top) mkdirsUnder(top, parent, made, fsys);
  if (lexists(dir)) throw new OutputWriteError(`${dir} is both a file and a directory in the output`);
  fsys.mkdir(dir);
  made.add(dir);
}

interface CarryContext {
  readonly unit: OutputUnit;
  readonly owned: Set<string> | undefined;
  readonly shown: (rel: string) => string;
  readonly kept: string[];
  readonly removed: string[];
  readonly dirs: Set<string>;
  readonly fsys: DurableFs;
}

/**
 * Walks the current directory of a unit: files synth wrote (listed in the ownership record, or, without
 * one, named like a file it writes now) are replaced or dropped; everything else is carried into the
 * staged directory (hard link, else copy), and reported.
 */
function carryForeign(current: string, staged: string, rel: string, c: CarryContext): void {
  for (const entry of fs.readdirSync(path.join(current, rel), { withFileTypes: true })) {
    const relFile = rel ? `${rel}/${entry.name}` : entry.name;
    const rootRel = `${c.unit.path}/${relFile}`;
    const from = path.join(current, relFile);
    const to = path.join(staged, relFile);
    const isNew = c.unit.files.has(relFile);
    if (entry.isDirectory()) {
      if (isNew) throw new OutputWriteError(`${c.shown(rootRel)} is a directory synth did not write, and synth writes a file there; move it away`);
      if (!lexists(to)) {
        c.fsys.mkdir(to);
        c.dirs.add(to);
      }
      carryForeign(current, staged, relFile, c);
      continue;
    }
    // Unlisted but exactly what synth writes now: synth's own (e.g. a merge brought it without its record line).
    const owned = c.owned ? c.owned.has(rootRel) || (isNew && sameContent(from, c.unit.files.get(relFile)!)) : isNew;
    if (isNew && !owned) throw notOwned(c.shown(rootRel), c.shown(OWNED_FILE));
    if (owned) {
      if (!isNew) c.removed.push(c.shown(rootRel));
      continue;
    }
    if (lexists(to)) throw new OutputWriteError(`${c.shown(rootRel)} is not synth's, and synth writes a directory there; move it away`);
    if (entry.isSymbolicLink()) c.fsys.copySymlink(from, to);
    else if (entry.isFile()) {
      try {
        c.fsys.link(from, to);
      } catch (error) {
        if (!['EPERM', 'EXDEV', 'EMLINK', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
        c.fsys.writeFile(to, fs.readFileSync(from));
      }
    } else throw new OutputWriteError(`${c.shown(rootRel)} is neither a file nor a directory; synth cannot keep it. Move it away`);
    c.kept.push(c.shown(rootRel));
  }
}

const isFile = (p: string) => {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
};

/** Hard-links `existing` to `to`; false where the file system has no hard links (then the caller writes a copy). */
function tryLink(existing: string, to: string, fsys: DurableFs): boolean {
  try {
    fsys.link(existing, to);
    return true;
  } catch (error) {
    if (['EPERM', 'EXDEV', 'EMLINK', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}

function sameContent(file: string, content: string | Uint8Array): boolean {
  try {
    return fs.readFileSync(file).equals(typeof content === 'string' ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength));
  } catch {
    return false;
  }
}

function notOwned(shown: string, record: string): OutputWriteError {
  return new OutputWriteError(
    `${shown} was not written by synth (not listed in ${record}) and synth would overwrite it; move it away ` +
      `(or, if it is an earlier synth's output, e.g. after a merge, delete ${record} to adopt it)`,
  );
}

/** Renames fail across file systems; find out before the commit, not halfway through applying it. */
function sameFileSystem(staged: string, target: string): void {
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  if (fs.statSync(staged).dev !== fs.statSync(parent).dev) {
    throw new OutputWriteError(`${parent} is on another file system than ${path.dirname(path.dirname(staged))}; synth cannot switch it atomically`);
  }
}

/** Writes the journal and renames it into place: the commit point. */
function commit(txn: string, journal: Journal, fsys: DurableFs): string {
  const file = path.join(txn, JOURNAL);
  fsys.writeFile(`${file}.tmp`, JSON.stringify(journal, null, 1));
  fsys.rename(`${file}.tmp`, file);
  fsys.fsyncDir(txn);
  return file;
}

/** Applies a committed journal's renames (idempotently), then removes the old copies and the journal. */
function rollForward(journalFile: string, fsys: DurableFs): void {
  applyJournal(JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal, journalFile, fsys);
}

function applyJournal(journal: Journal, journalFile: string, fsys: DurableFs): void {
  const parents = new Set<string>();
  for (const e of journal.entries) {
    if (!lexists(e.staged)) continue; // already in place
    if (e.kind === 'dir' && lexists(e.target)) fsys.rename(e.target, e.backup);
    fsys.rename(e.staged, e.target);
    parents.add(path.dirname(e.target));
  }
  for (const p of parents) fsys.fsyncDir(p);
  // The journal goes last: while it exists, a later run replays it (every step above is idempotent).
  for (const txn of journal.txnDirs) {
    if (!lexists(txn)) continue;
    if (path.join(txn, JOURNAL) === journalFile) {
      fsys.remove(path.join(txn, 'old'));
      fsys.remove(path.join(txn, 'new'));
      fsys.remove(journalFile);
      fsys.fsyncDir(txn);
    }
    fsys.remove(txn);
    fsys.fsyncDir(path.dirname(txn));
  }
}
