/**
 * The reference shop is a project like another team's: it reaches the library only through its package
 * name. A relative import into src/ would work in tests but give the CLI, which bundles shipyard.config.ts
 * and its imports, a second copy of those modules next to the one it runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIR = path.join(__dirname, '..', '..', 'src', 'platform');
const ALLOWED = /^(@shipyard\/k8s|constructs|cdk8s|cdk8s-plus-28|\.\/[\w-]+)$/;

test.each(fs.readdirSync(DIR).filter((f) => f.endsWith('.ts')))('src/platform/%s imports the library as @shipyard/k8s', (file) => {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  const specifiers = [...text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  expect(specifiers.filter((s) => !ALLOWED.test(s))).toEqual([]);
});
