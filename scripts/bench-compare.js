#!/usr/bin/env node
// A/B timing of whole commands, alternated run by run (medians and spread), for before/after figures:
//   node scripts/bench-compare.js [--runs N] [--warmup N] [--prepare CMD] CMD...
// --prepare runs (untimed) before every timed run, e.g. to edit a source file.
const { spawnSync } = require('node:child_process');

const args = process.argv.slice(2);
let runs = 10;
let warmup = 1;
let prepare = null;
const cmds = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--warmup') warmup = Number(args[++i]);
  else if (args[i] === '--prepare') prepare = args[++i];
  else cmds.push(args[i]);
}
if (!cmds.length) {
  console.error('usage: node scripts/bench-compare.js [--runs N] [--warmup N] [--prepare CMD] CMD...');
  process.exit(2);
}

function run(cmd) {
  if (prepare) spawnSync('sh', ['-c', prepare], { stdio: 'ignore' });
  const t = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', cmd], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`failed: ${cmd}\n${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

for (let w = 0; w < warmup; w++) for (const c of cmds) run(c);
const times = cmds.map(() => []);
for (let i = 0; i < runs; i++) for (let k = 0; k < cmds.length; k++) {
  const j = (i + k) % cmds.length;
  times[j].push(run(cmds[j]));
}
const med = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const base = med(times[0]);
cmds.forEach((c, k) => {
  const v = times[k];
  const m = med(v);
  console.log(`${m.toFixed(0).padStart(7)} ms  (min ${Math.min(...v).toFixed(0)}, max ${Math.max(...v).toFixed(0)})  ×${(m / base).toFixed(2)}  ${c}`);
});
