#!/usr/bin/env node
// `npm run synth -- ARGS`: the manifests (the CLI's synth, with ARGS) and then, only if they passed
// the gate, the cdktf stacks. Both run transpiled bundles, never type-checking ts-node.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
try {
  run([path.join(__dirname, 'bundle.js')]);
  run([path.join(root, '.build/cli.js'), 'synth', ...process.argv.slice(2)]);
  run([path.join(root, '.build/infra.js')]);
} catch (error) {
  process.exitCode = typeof error.status === 'number' ? error.status : 1;
}
