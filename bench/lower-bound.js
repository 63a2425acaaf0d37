#!/usr/bin/env node
// Lower bound for `synth` (bench (c)): the same objects, already plain JSON, written as the same YAML
// files with no construct tree, no validation and no policy: read OBJECTS_JSON (written once by
// scripts/bench.js from a synth's output), dump every object as YAML with js-yaml as synth does, write the files.
// Usage: node bench/lower-bound.js OBJECTS_JSON OUTDIR
const fs = require('node:fs');
const path = require('node:path');
const { dump } = require('js-yaml');

const [input, outdir] = process.argv.slice(2);
if (!input || !outdir) {
  process.stderr.write('usage: node bench/lower-bound.js OBJECTS_JSON OUTDIR\n');
  process.exit(2);
}
/** @type {Record<string, Record<string, object[]>>} environment -> file -> objects */
const environments = JSON.parse(fs.readFileSync(input, 'utf8'));
for (const [env, files] of Object.entries(environments)) {
  const dir = path.join(outdir, env);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, objects] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), objects.map((o) => dump(o, { lineWidth: -1, noRefs: true })).join('---\n'));
  }
}
