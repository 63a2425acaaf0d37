/**
 * A reader that closes the pipe early (`shipyard-k8s --help | head -1`): the CLI ends quietly with its
 * own exit code instead of an unhandled EPIPE stack trace.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');

test('stdout closed by the reader: no EPIPE trace, exit code 0', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/run-ts.js'), path.join(ROOT, 'src/cli/main.ts'), '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  // Closed before the CLI has started: its first write finds no reader.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
