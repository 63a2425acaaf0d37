#!/usr/bin/env node
// `synth --watch` latency (used by scripts/bench.js): starts what `npm run synth:watch` runs in TREE,
// waits for its first render, then RUNS times edits a value of the reference platform that reaches the output (the prerender ConfigMap) and waits for the watcher's line saying it
// rendered and wrote. Prints one JSON line: per edit, the wall time from the write of the source file
// to that line on stdout (fs event latency and output included) and the time the watcher reports
// (from its fs event to the environments written).
// Usage: node bench/watch-latency.js TREE CONFIG OUTDIR RUNS [SYNTH ARGS...] (e.g. --jobs 1)
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const [tree, config, outdir, runsArg, ...extra] = process.argv.slice(2);
const runs = Number(runsArg ?? 9);
const file = path.join(tree, 'src', 'platform', 'shop-platform.ts');
const pattern = /PRERENDER_TARGET: 'http:\/\/varnish:8080[^']*'/;
const original = fs.readFileSync(file, 'utf8');
if (!pattern.test(original)) {
  process.stderr.write('watch-latency: the prerender value is not in src/platform/shop-platform.ts any more; update bench/watch-latency.js\n');
  process.exit(2);
}

// What `npm run synth:watch -- --config CONFIG --outdir OUTDIR` runs (its node flags included), without npm.
const [node, ...watchArgs] = JSON.parse(fs.readFileSync(path.join(tree, 'package.json'), 'utf8')).scripts['synth:watch'].split(/\s+/);
if (node !== 'node') throw new Error(`watch-latency: synth:watch does not start with node: ${node}`);
const child = spawn(process.execPath, [...watchArgs, '--config', config, '--outdir', outdir, ...extra], {
  cwd: tree,
  env: { ...process.env, NO_COLOR: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
const waiters = [];
const onData = (d) => {
  log += d;
  for (const w of [...waiters]) w();
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);

function waitFor(regex, from, ms = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`watch-latency: timed out waiting for ${regex}\n${log.slice(-2000)}`)), ms);
    const check = () => {
      const m = regex.exec(log.slice(from));
      if (m) {
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(check), 1);
        resolve(m);
      }
    };
    waiters.push(check);
    check();
  });
}

async function main() {
  await waitFor(/watching \d+ source director/, 0, 120_000);
  const samples = [];
  for (let i = 1; i <= runs; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const from = log.length;
    const started = process.hrtime.bigint();
    fs.writeFileSync(file, original.replace(pattern, `PRERENDER_TARGET: 'http://varnish:8080/?watch=${i}'`));
    const m = await waitFor(/changed: rendered (\d+) environment\(s\) in ([\d.]+) ms \(CPU ([\d.]+) ms\); wrote ([a-z, ]+?)(?: \(\d+ unchanged\))? into/, from);
    samples.push({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, reportedMs: Number(m[2]), cpuMs: Number(m[3]), environments: Number(m[1]), wrote: m[4].split(', ') });
  }
  process.stdout.write(JSON.stringify({ samples }) + '\n');
}

main()
  .catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    fs.writeFileSync(file, original);
    child.kill('SIGTERM');
  });
