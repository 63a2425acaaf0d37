import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fillGeneratedSections } from '../../src/cli/cli-docs';
import { settablePaths } from '../../src/cli/overrides/profile-schema';

const ROOT = path.join(__dirname, '../..');
const DOCS = path.join(ROOT, 'docs', 'cli.md');

describe('docs/cli.md', () => {
  test('is what scripts/gen-cli-docs.js generates (run it after changing the CLI help or the profile type)', () => {
    const text = fs.readFileSync(DOCS, 'utf8');
    expect(fillGeneratedSections(text)).toBe(text);
    // The script itself agrees (it bundles src/cli/cli-docs.ts in memory).
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-cli-docs.js'), '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  test('lists every settable path', () => {
    const text = fs.readFileSync(DOCS, 'utf8');
    for (const p of settablePaths()) expect(text).toContain(`| \`${p.path}\` |`);
  });

  test('a stale section is detected', () => {
    const text = fs.readFileSync(DOCS, 'utf8').replace('| `autoscaling.maxReplicas` |', '| `autoscaling.maxReplicaz` |');
    expect(fillGeneratedSections(text)).not.toBe(text);
  });
});
