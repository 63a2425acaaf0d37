#!/usr/bin/env node
// Transpiles the entry points into single-file bundles with esbuild (no type-checking: that is
// `npm run typecheck`). `npm run synth` runs the bundle, so edit-to-YAML does not pay for tsc.
// Dependencies stay external: they load from node_modules as the package would.
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const entries = { cli: 'src/cli/main.ts', infra: 'src/infra/main.ts', scale: 'bench/scale-main.ts' };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : ['cli', 'infra'];

for (const name of names) {
  esbuild.buildSync({
    entryPoints: [path.join(root, entries[name])],
    outfile: path.join(root, '.build', `${name}.js`),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}
