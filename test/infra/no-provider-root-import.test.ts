import * as fs from 'fs';
import * as path from 'path';

// Importing the provider package root (or its lib/index) pulls in ~1,400 resource declarations:
// type-checking it takes minutes and gigabytes. Only `@cdktf/provider-google/lib/<resource>` is allowed.
const PKG = ['@cdktf', 'provider-google'].join('/');
const ROOT_SPECIFIER = new RegExp(`(?:from\\s*|require\\s*\\(\\s*|import\\s*\\(\\s*|import\\s+)['"]${PKG.replace('/', '\\/')}(?:\\/lib(?:\\/index(?:\\.js)?)?)?\\/?['"]`);

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

describe('provider imports', () => {
  test('the pattern catches root imports and lets submodules through', () => {
    expect(ROOT_SPECIFIER.test(`import { ContainerCluster } from '${PKG}';`)).toBe(true);
    expect(ROOT_SPECIFIER.test(`import * as google from "${PKG}/lib";`)).toBe(true);
    expect(ROOT_SPECIFIER.test(`const g = require('${PKG}/lib/index');`)).toBe(true);
    expect(ROOT_SPECIFIER.test(`import '${PKG}';`)).toBe(true);
    expect(ROOT_SPECIFIER.test(`import { ContainerCluster } from '${PKG}/lib/container-cluster';`)).toBe(false);
  });

  test(`nothing under src/ imports the ${PKG} package root`, () => {
    const root = path.resolve(__dirname, '..', '..');
    const offenders = sourceFiles(path.join(root, 'src'))
      .filter((f) => ROOT_SPECIFIER.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });
});
