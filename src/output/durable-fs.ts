/**
 * The file-system operations of an output transaction, each one counted as a *step*, with fsync where
 * durability needs it. Every write the transaction makes goes through here, so a test can stop a run at
 * any step: `SHIPYARD_TEST_WRITE_FAULT=kill@N` SIGKILLs the process before step N, `EIO@N` / `ENOSPC@N`
 * make step N fail with that error (once). Unset, the hook costs one comparison per step.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A fault to inject at one step (test hook). */
interface Fault {
  readonly at: number;
  readonly kind: 'kill' | 'EIO' | 'ENOSPC';
}

function parseFault(spec: string | undefined): Fault | undefined {
  const m = /^(kill|EIO|ENOSPC)@(\d+)$/.exec(spec ?? '');
  return m ? { kind: m[1] as Fault['kind'], at: Number(m[2]) } : undefined;
}

/** Files written but not fsynced yet are fsynced in one go when this many are open. */
const MAX_UNSYNCED = 64;

/**
 * Counted, durable file-system steps. One instance per transaction (or recovery).
 *
 * A written file is fsynced before the next rename, not right after its write: a rename is what makes
 * staged files part of the output (the journal's commit, then the switch), so every file is durable
 * before it can be seen, and the files of one stage are flushed together (on ext4 the first fsync's
 * journal commit carries the others' data, so they cost a fraction of one fsync each).
 */
export class DurableFs {
  /** Steps taken so far. */
  public steps = 0;
  private fault: Fault | undefined;
  private readonly unsynced: { readonly fd: number; readonly file: string }[] = [];

  constructor(faultSpec: string | undefined = process.env.SHIPYARD_TEST_WRITE_FAULT) {
    this.fault = parseFault(faultSpec);
  }

  private step(what: string, target: string): void {
    this.steps++;
    const f = this.fault;
    if (!f || f.at !== this.steps) return;
    if (f.kind === 'kill') process.kill(process.pid, 'SIGKILL');
    this.fault = undefined;
    const error: NodeJS.ErrnoException = new Error(`${f.kind}: injected fault, ${what} '${target}'`);
    error.code = f.kind;
    error.errno = f.kind === 'EIO' ? -5 : -28;
    error.syscall = what;
    error.path = target;
    throw error;
  }

  /** Creates `file` (which must not exist) and writes `data`; it is fsynced before the next rename ({@link sync}). */
  writeFile(file: string, data: string | Uint8Array): void {
    this.step('open', file);
    const fd = fs.openSync(file, 'wx', 0o644);
    try {
      this.step('write', file);
      fs.writeFileSync(fd, data);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    this.unsynced.push({ fd, file });
    if (this.unsynced.length >= MAX_UNSYNCED) this.sync();
  }

  /** Fsyncs and closes every file written since the last call. */
  sync(): void {
    try {
      while (this.unsynced.length) {
        const { fd, file } = this.unsynced[0];
        this.step('fsync', file);
        fs.fsyncSync(fd);
        this.unsynced.shift();
        fs.closeSync(fd);
      }
    } finally {
      this.close();
    }
  }

  /** Closes files still open (a failed transaction); does not fsync them. */
  close(): void {
    for (const { fd } of this.unsynced.splice(0)) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
  }

  /** Creates one directory (its parent must exist). */
  mkdir(dir: string): void {
    this.step('mkdir', dir);
    fs.mkdirSync(dir);
  }

  /** Creates a directory and missing parents, fsyncing each parent that gained an entry. */
  mkdirp(dir: string): void {
    if (fs.existsSync(dir)) return;
    const parent = path.dirname(dir);
    if (parent !== dir) this.mkdirp(parent);
    this.mkdir(dir);
    this.fsyncDir(parent);
  }

  /** Makes a directory's entries durable (new, renamed and removed names). */
  fsyncDir(dir: string): void {
    this.step('fsync', dir);
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Atomic rename (replaces a file at `to`; a directory at `to` must not exist), after fsyncing every file written. */
  rename(from: string, to: string): void {
    this.sync();
    this.step('rename', from);
    fs.renameSync(from, to);
  }

  /** A second name for an existing file (a user's file carried into a new directory). */
  link(existing: string, newPath: string): void {
    this.step('link', newPath);
    fs.linkSync(existing, newPath);
  }

  /** A symbolic link with the same target as `existing`. */
  copySymlink(existing: string, newPath: string): void {
    this.step('symlink', newPath);
    fs.symlinkSync(fs.readlinkSync(existing), newPath);
  }

  /** Removes a file or a whole tree; a missing path is fine. */
  remove(target: string): void {
    this.step('rm', target);
    fs.rmSync(target, { recursive: true, force: true });
  }
}
