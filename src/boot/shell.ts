import { execFile, execFileSync } from 'node:child_process';

/** Quotes a word for POSIX sh. */
export function sh(word: string): string {
  return /^[-_./:=@%+,a-zA-Z0-9]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs a program and returns its stdout; throws with its stderr on failure. */
export function run(file: string, args: readonly string[], input?: string): string {
  try {
    return execFileSync(file, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')}: ${(err.stderr ?? '').trim() || err.message}`, { cause: e });
  }
}

/** Runs a program with a time limit; resolves with its exit code (124 on timeout) and output. */
export function runAsync(file: string, args: readonly string[], timeoutMs: number, input?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (!error) return resolve({ code: 0, output });
      const e = error as { code?: number | string; killed?: boolean };
      resolve({ code: e.killed ? 124 : typeof e.code === 'number' ? e.code : 1, output });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}
