#!/usr/bin/env node
// Fills the generated sections of docs/cli.md (each command's --help and the list of settable --set
// paths, which comes from src/profiles/environment-profile.schema.json) from src/cli/cli-docs.ts, so
// the document cannot drift from the CLI. `--check` exits 1 when docs/cli.md is stale (used by tests).
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const docs = path.join(root, 'docs', 'cli.md');

/** Bundles src/cli/cli-docs.ts in memory and loads it (dependencies load from node_modules). */
function loadCliDocs() {
  const entry = path.join(root, 'src', 'cli', 'cli-docs.ts');
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    write: false,
    logLevel: 'error',
  });
  const m = new Module(entry, module);
  m.filename = entry;
  m.paths = Module._nodeModulePaths(path.dirname(entry));
  m._compile(result.outputFiles[0].text, entry);
  return m.exports;
}

const { fillGeneratedSections } = loadCliDocs();
const current = fs.readFileSync(docs, 'utf8');
const next = fillGeneratedSections(current);
if (process.argv.includes('--check')) {
  if (current !== next) {
    console.error(`${path.relative(root, docs)} is stale: run node scripts/gen-cli-docs.js`);
    process.exit(1);
  }
} else if (current !== next) {
  fs.writeFileSync(docs, next);
  console.log(`wrote ${path.relative(root, docs)}`);
}
