/**
 * The order of objects in dist/ does not depend on the machine's locale: the same platform gives the
 * same files on a Danish laptop and in CI. Real processes with LANG/LC_ALL set (ICU's collation would
 * put "aa-…" after "z" under da_DK and "y" before "j" under lt_LT).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');

const CHILD = `
const { layoutFiles } = require('./src/synth/manifest-files.ts');
const cm = (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' } });
const files = layoutFiles(['z-api', 'y-cache', 'aa-cache', 'j-web', 'Ab'].map(cm));
process.stdout.write(JSON.stringify([...files.values()].flat().map((m) => m.metadata.name)));
`;

test.each(['C.UTF-8', 'da_DK.UTF-8', 'lt_LT.UTF-8'])('objects are ordered by code units under LANG=%s', (locale) => {
  const r = spawnSync(process.execPath, ['-r', './scripts/run-ts.js', '-e', CHILD], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LANG: locale, LC_ALL: locale },
    timeout: 60_000,
  });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual(['Ab', 'aa-cache', 'j-web', 'y-cache', 'z-api']);
});
