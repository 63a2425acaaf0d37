#!/usr/bin/env node
// Where a synth's time goes: runs a command under `node --cpu-prof` and splits the samples into phases
// (bundling, module loading, schema compilation, construct tree, cdk8s toJson, policy, capacity, YAML, write,
// GC, idle). Shares are of the profiled process's wall time; the profiler itself adds some overhead.
//   node scripts/bench-profile.js [--json] -- node ARGS...     e.g.
//   node scripts/bench-profile.js -- node scripts/bundle.js cli --run synth --outdir /tmp/out
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** Phases, first match wins, matched against the function names (and files) of a sample's stack, leaf first. */
const PHASES = [
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['idle (waiting for esbuild, I/O)', (f) => f.functionName === '(idle)'],
  ['schema: compile validators (Ajv)', (f) => ['compileSchema', 'addSchema', '_addSchema', 'cachedCompile', 'compile'].includes(f.functionName) && !f.url.includes('/esbuild/')],
  ['schema: validate objects', (f) => f.functionName === 'validate' && /\.build\/|src\/policy/.test(f.url)],
  ['profile validation', (f) => f.functionName === 'resolveProfile'],
  ['cdk8s toJson (resolve)', (f) => f.functionName === 'toJson' || f.functionName === 'resolve'],
  ['construct validation', (f) => f.functionName === 'validate' && f.url.includes('constructs')],
  ['policy rules', (f) => f.functionName === 'checkObjects'],
  ['capacity', (f) => f.functionName === 'checkCapacity'],
  ['YAML', (f) => ['dump', 'toYaml', 'stringify'].includes(f.functionName)],
  ['layout (sort)', (f) => f.functionName === 'layoutFiles'],
  ['write files', (f) => f.functionName === 'writeOutput'],
  ['construct tree', (f) => f.functionName === 'synthesizeEnvironment' || f.functionName === 'renderEnvironment'],
  ['bundle (esbuild, JS side)', (f) => f.url.includes('/esbuild/') || (f.url.endsWith('scripts/bundle.js') && ['build', 'buildVendor', 'vendorKey'].includes(f.functionName))],
  ['module loading', (f) => /^(Module\._load|Module\._compile|require|wrapSafe|loadVendor|compileForInternalLoader)$/.test(f.functionName)],
];

function main() {
  const argv = process.argv.slice(2);
  const sep = argv.indexOf('--');
  const json = argv.slice(0, Math.max(sep, 0)).includes('--json');
  const cmd = sep < 0 ? argv : argv.slice(sep + 1);
  if (cmd[0] !== 'node' || cmd.length < 2) {
    console.error('usage: node scripts/bench-profile.js [--json] -- node SCRIPT ARGS...');
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-prof-'));
  try {
    const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...cmd.slice(1)], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`profiled command failed (${r.status})`);
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    const result = split(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    if (json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`profiled wall time ${result.totalMs.toFixed(0)} ms (${cmd.join(' ')})`);
      for (const [phase, ms] of result.phases) console.log(`  ${phase.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms  ${((ms / result.totalMs) * 100).toFixed(1).padStart(5)}%`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function split(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const phaseOf = new Map();
  const classify = (id) => {
    if (phaseOf.has(id)) return phaseOf.get(id);
    const stack = [];
    for (let x = id; x !== undefined; x = parent.get(x)) stack.push(byId.get(x).callFrame);
    let found = 'other';
    outer: for (const [name, test] of PHASES) {
      for (const frame of stack) {
        if (test(frame)) {
          found = name;
          break outer;
        }
      }
    }
    phaseOf.set(id, found);
    return found;
  };
  const totals = new Map();
  profile.samples.forEach((id, i) => {
    const phase = classify(id);
    totals.set(phase, (totals.get(phase) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const order = [...PHASES.map(([n]) => n), 'other'];
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    phases: order.filter((n) => totals.has(n)).map((n) => [n, totals.get(n)]),
  };
}

main();
