#!/usr/bin/env node
// `npm run synth -- ARGS`: the CLI's synth on this repository's project (shipyard.config.ts, the reference
// shop): manifests into dist/<env>/ and the Terraform stacks into cdktf.out/stacks/<env>/, from the same
// profiles and --set, in one run. The CLI runs from source through scripts/run-ts.js (transpiled, not
// type-checked: that is `npm run typecheck`), with the node flags of `synth:k8s` (README).
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { nodeFlagsOf } = require('./node-flags');

const root = path.join(__dirname, '..');
const nodeFlags = nodeFlagsOf(require(path.join(root, 'package.json')).scripts['synth:k8s']);
const run = spawnSync(process.execPath, [...nodeFlags, path.join(__dirname, 'run-ts.js'), path.join(root, 'src', 'cli', 'main.ts'), 'synth', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
