#!/usr/bin/env node
// Regenerates src/profiles/environment-profile.schema.json from the EnvironmentProfile TypeScript
// interface, so the runtime validation, the `--set` paths and their docs follow the type.
// `--check` exits 1 when the committed file is stale (used by tests).
const fs = require('node:fs');
const path = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

const root = path.join(__dirname, '..');
const out = path.join(root, 'src/profiles/environment-profile.schema.json');
const schema = createGenerator({
  path: path.join(root, 'src/profiles/environment-profile.ts'),
  tsconfig: path.join(root, 'tsconfig.json'),
  type: 'EnvironmentProfile',
  skipTypeCheck: true,
}).createSchema('EnvironmentProfile');
const text = JSON.stringify(schema, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, out)} is stale: run npm run gen:schema`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(out, text);
}
