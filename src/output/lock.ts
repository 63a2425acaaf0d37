/**
 * The lock that keeps two runs from writing one output directory at once: `<dir>/.shipyard-lock`,
 * created exclusively (`O_EXCL`) and holding `pid host start-time`. A second run waits for it (bounded)
 * and then fails with one line naming the holder. A lock whose process is gone (same host, no such pid)
 * was left by a killed run and is taken over.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ShipyardError } from '../errors';

/** Name of the lock file in an output directory. */
export const LOCK_FILE = '.shipyard-lock';

/** Another run holds the output directory's lock. */
export class OutputLockedError extends ShipyardError {}

/** A held lock; {@link OutputLock.release} removes it. */
export interface OutputLock {
  /** Path of the lock file. */
  readonly file: string;
  /** Removes the lock file (only if it is still this process's). */
  release(): void;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function holderAlive(file: string, text: string): boolean {
  const [pid, host] = text.split(' ');
  try {
    // Written before this machine booted: the run that wrote it is gone, whatever process has its pid now.
    if (fs.statSync(file).mtimeMs < Date.now() - os.uptime() * 1000) return false;
  } catch {
    return false;
  }
  if (host !== os.hostname() || !/^\d+$/.test(pid ?? '')) return true; // cannot tell: assume it is alive
  if (Number(pid) === process.pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function readLock(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock of `dir`, waiting up to `timeoutMs` for another run to finish. Throws
 * {@link OutputLockedError} when it does not. A directory that is gone is made again: a run that
 * created it and failed removes it when empty, possibly while this run waited for its lock.
 */
export function lockOutput(dir: string, timeoutMs: number): OutputLock {
  const file = path.join(dir, LOCK_FILE);
  const mine = `${process.pid} ${os.hostname()} ${new Date().toISOString()}\n`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      return {
        file,
        release: () => {
          if (readLock(file) === mine) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        fs.mkdirSync(dir, { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw error;
    }
    const held = readLock(file);
    if (held === undefined) continue; // released between our two calls
    if (!holderAlive(file, held)) {
      // A killed run's lock. Move it aside under a name only we use, so that of two runs taking it over
      // only one removes it; put it back if what we moved is not what we judged stale.
      const aside = `${file}.stale-${process.pid}`;
      try {
        fs.renameSync(file, aside);
      } catch {
        continue;
      }
      if (readLock(aside) === held) fs.rmSync(aside, { force: true });
      else {
        try {
          fs.linkSync(aside, file);
        } catch {
          // someone else locked meanwhile; theirs stands
        }
        fs.rmSync(aside, { force: true });
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const [pid, host, since] = held.trim().split(' ');
      throw new OutputLockedError(
        `${dir}/ is being written by another run (pid ${pid} on ${host} since ${since}); waited ${Math.round(timeoutMs / 1000)} s. ` +
          `If no synth is running, remove ${file}`,
      );
    }
    sleep(Math.min(100, Math.max(1, deadline - Date.now())));
  }
}
