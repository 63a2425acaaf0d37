#!/usr/bin/env node
// `npm run synth -- ARGS`: the CLI's synth on this repository's project (shipyard.config.ts, the reference
// shop): manifests into dist/<env>/ and the Terraform stacks into cdktf.out/stacks/<env>/, from the same
// profiles and --set, in one run. The CLI runs as a transpiled bundle, never through type-checking ts-node.
const path = require('node:path');

process.argv = [process.argv[0], path.join(__dirname, 'bundle.js'), 'cli', '--run', 'synth', ...process.argv.slice(2)];
require(path.join(__dirname, 'bundle.js'));
