import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';

const ROOT = path.join(__dirname, '../..');
const recipe = parse(fs.readFileSync(path.join(ROOT, 'docs/ci/github-actions.yml'), 'utf8'));
const steps: { run?: string }[] = recipe.jobs.manifests.steps;
const runs = steps.map((s) => s.run ?? '').join('\n');
const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;

describe('docs/ci/github-actions.yml', () => {
  test('installs from the lockfile, tests, synthesizes, fails on drift of dist/, posts the diff --against Markdown', () => {
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run synth');
    expect(runs).toMatch(/git status --porcelain -- dist[\s\S]*exit 1/);
    expect(runs).toContain('npm run --silent diff -- --against "origin/${{ github.base_ref }}" --format markdown');
    expect(runs).toContain('gh pr comment');
    expect(steps.find((s) => 'uses' in s && String((s as { uses: string }).uses).startsWith('actions/checkout'))).toMatchObject({ with: { 'fetch-depth': 0 } });
  });

  test('every npm script it runs exists, and the CLI accepts the diff options it passes', () => {
    for (const [, name] of runs.matchAll(/npm run (?:--silent )?([\w:]+)/g)) expect(scripts).toHaveProperty(name);
    const out = { data: jest.fn(), progress: jest.fn(), error: jest.fn() };
    // --help after the recipe's options: parsing succeeds (no usage error) without needing the ref.
    const code = main(['diff', '--against', 'origin/main', '--format', 'markdown', '--help'], out as never);
    expect(out.error).not.toHaveBeenCalled();
    expect(code).toBe(0);
  });
});
