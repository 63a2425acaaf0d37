import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '../..');
export const CLI = path.join(ROOT, '.build', 'cli.js');

/** Result of one CLI run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Bundles the CLI once (esbuild, about a second). */
export function buildCli(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.js'), 'cli'], { cwd: ROOT, stdio: 'pipe' });
}

/** Runs `node .build/cli.js ...args` as a subprocess (not a TTY), in `cwd` (default: the repo). */
export function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  delete env.FORCE_COLOR;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export { snapshotDir } from '../support/fs';

/** True when the text contains a JavaScript stack trace. */
export const hasStackTrace = (text: string): boolean => /\n\s+at .+(\(|:\d+)/.test(text);
