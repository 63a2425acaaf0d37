#!/usr/bin/env node
// Transpiles the entry points into bundles with esbuild (no type-checking: that is `npm run typecheck`).
// `npm run synth` runs the bundles, so edit-to-YAML does not pay for tsc.
//
//   node scripts/bundle.js [cli|infra|scale]... [--run ARGS...]
//
// Each entry becomes two files (docs/performance.md has the measurements behind this layout):
// - `.build/<entry>.js`: the project's own code, rebuilt on every call (tens of milliseconds);
// - `.build/vendor-<entry>.js`: every package the entry imports, bundled into one file, rebuilt only when
//   the set of imported packages, package-lock.json, esbuild or this script change. Bundling packages
//   costs ~0.6 s of esbuild time but loads ~100 ms faster than resolving them in node_modules, so it is
//   done once, not per edit. Packages load lazily, on the first access to what they export.
// `--run ARGS...` runs the (single) entry in this same process right after building it, as
// `node .build/<entry>.js ARGS...` would, which saves starting a second node process.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
// esbuild is loaded on first use: run-ts.js only needs its version to check a vendor bundle's key.
let esbuildModule;
const esbuild = () => (esbuildModule ??= require('esbuild'));

const root = path.join(__dirname, '..');
const outdir = path.join(root, '.build');
const entries = { cli: 'src/cli/main.ts', infra: 'src/infra/main.ts', scale: 'bench/scale-main.ts' };

const argv = require.main === module ? process.argv.slice(2) : [];
const runAt = argv.indexOf('--run');
const own = runAt < 0 ? argv : argv.slice(0, runAt);
const runArgs = runAt < 0 ? null : argv.slice(runAt + 1);
const wanted = own.filter((a) => !a.startsWith('-'));
for (const name of wanted) if (!entries[name]) throw new Error(`unknown entry "${name}"; entries are ${Object.keys(entries).join(', ')}`);
const names = wanted.length ? wanted : ['cli', 'infra'];
if (runArgs && names.length !== 1) throw new Error('--run needs exactly one entry');

const isBare = (spec) => !spec.startsWith('.') && !path.isAbsolute(spec) && !spec.startsWith('node:');

/**
 * Resolves every package import of the app bundle to a property of the entry's vendor bundle, so the
 * app bundle holds only the project's code. Records the specifiers the vendor bundle must provide.
 */
function vendorPlugin(vendorFile, specifiers) {
  return {
    name: 'vendor',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.namespace === 'vendor' || !isBare(args.path)) return undefined;
        // Node's own modules stay plain requires; so does esbuild (it runs its native binary, found
        // from its own location), which the CLI uses to load a project's shipyard.config.ts.
        if (require('node:module').isBuiltin(args.path) || args.path === 'esbuild') return { path: args.path, external: true };
        specifiers.add(args.path);
        return { path: args.path, namespace: 'vendor' };
      });
      build.onResolve({ filter: /^\.\/vendor-/, namespace: 'vendor' }, (args) => ({ path: args.path, external: true }));
      // JSON data (the 500 KB schema bundle) is loaded by node's JSON.parse at run time, not re-printed into
      // every bundle as an object literal: faster to build and to load.
      build.onResolve({ filter: /\.json$/ }, (args) => {
        if (args.namespace === 'vendor' || !args.path.startsWith('.')) return undefined;
        const file = path.resolve(args.resolveDir, args.path);
        return { path: `./${path.relative(outdir, file).split(path.sep).join('/')}`, external: true };
      });
      build.onResolve({ filter: /^vendor-loader$/, namespace: 'vendor' }, () => ({ path: 'vendor-loader', namespace: 'vendor-loader' }));
      build.onResolve({ filter: /^\.\/vendor-loader\.js$/, namespace: 'vendor-loader' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'vendor-loader' }, () => ({
        contents: `let vendor;\nmodule.exports = () => (vendor ??= require('./vendor-loader.js').load(${JSON.stringify(path.basename(vendorFile))}));\n`,
        loader: 'js',
      }));
      build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
        contents: `module.exports = require('vendor-loader')()[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * `.build/vendor-loader.js`, shared by every app bundle and by `--run`. It loads a vendor bundle through V8's
 * code cache: the first run after the vendor bundle is (re)built compiles it and, at exit, saves the compiled
 * code (including the functions that run used); later runs skip most of the parsing and compiling. The cache
 * file is named after the vendor bundle's key and the node version, so a rebuilt bundle never meets a stale
 * cache; V8 rejects a cache made with other flags, and then a fresh one is written. A vendor bundle is loaded
 * once per process and key.
 */
const VENDOR_LOADER = `'use strict';
// Generated by scripts/bundle.js: loads .build/vendor-*.js bundles (see there).
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const loaded = new Map();

exports.load = function load(base) {
  const file = path.join(__dirname, base);
  const source = fs.readFileSync(file, 'utf8');
  // The first line names the bundle's key, so the code cache always matches the source actually read.
  // (Copied out: a slice of the source would keep the whole source alive beside its wrapped copy.)
  const key = Buffer.from((/^\\/\\/ vendor-key: ([0-9a-f]+)/.exec(source) || [])[1] || '').toString() || undefined;
  const id = file + '#' + (key || '');
  if (loaded.has(id)) return loaded.get(id);
  let cacheFile;
  let cachedData;
  // SHIPYARD_VENDOR_CODE_CACHE=0 loads without the code cache (to measure what it saves).
  if (key && process.env.SHIPYARD_VENDOR_CODE_CACHE !== '0') {
    // Named after what V8 checks a cache against (its version, flags and CPU features), so processes
    // started with other flags keep their own cache instead of replacing each other's.
    cacheFile = file.replace(/\\.js$/, '.' + key.slice(0, 16) + '.' + require('node:v8').cachedDataVersionTag() + '.v8cache');
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {}
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const m = { exports: {}, filename: file, id: file, loaded: false };
  // A bundle that shares packages with another gets that bundle's copies of them.
  const sharedLine = /^\\/\\/ vendor-shared: (.*)$/m.exec(source.slice(0, 64 * 1024));
  const shared = sharedLine ? JSON.parse(sharedLine[1]) : { packages: [] };
  const nodeRequire = Module.createRequire(file);
  const req = shared.packages.length ? Object.assign((id) => (shared.packages.includes(id) ? load(shared.bundle)[id] : nodeRequire(id)), nodeRequire) : nodeRequire;
  script.runInThisContext().call(m.exports, m.exports, req, m, file, path.dirname(file));
  m.loaded = true;
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        const tmp = cacheFile + '.' + process.pid + '-' + require('node:worker_threads').threadId;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {}
    });
  }
  loaded.set(id, m.exports);
  return m.exports;
};

`;

/**
 * Writes `data` to `file` under a temporary name and renames it into place: a reader (another process,
 * or another thread of this one: the watcher's render workers) never sees half a file. The directory
 * must exist.
 */
function replaceFile(file, data) {
  const tmp = `${file}.${process.pid}-${require('node:worker_threads').threadId}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function writeVendorLoader() {
  const file = path.join(outdir, 'vendor-loader.js');
  let current;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    // not written yet
  }
  if (current !== VENDOR_LOADER) {
    fs.mkdirSync(outdir, { recursive: true });
    // (Several processes, jest's workers, may find it missing at once.)
    replaceFile(file, VENDOR_LOADER);
  }
}

/** Everything that can change the vendor bundle's contents. */
function vendorKey(specifiers) {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify(specifiers));
  h.update(require('esbuild/package.json').version);
  h.update(fs.readFileSync(__filename));
  for (const lock of ['package-lock.json', 'package.json']) {
    const file = path.join(root, lock);
    if (fs.existsSync(file)) h.update(fs.readFileSync(file));
  }
  return h.digest('hex');
}

/**
 * Packages only the Terraform stacks use (cdktf and the Google provider: 3.7 of the 5.4 MB an entry that
 * can render both imports). They go into a second bundle, `vendor-<entry>-cdktf.js`, read only when one
 * of them is first used, so a manifests-only run never reads, compiles or holds them (measured: the
 * vendor bundle loads in ~15 instead of ~33 ms, 17 MiB less RSS).
 */
const isCdktfPackage = (spec) => spec === 'cdktf' || spec.startsWith('cdktf/') || spec.startsWith('@cdktf/');

/** Bundles `contents` (a CommonJS entry) into `file`. */
function bundleVendorFile(file, contents, banner, external) {
  const { outputFiles } = esbuild().buildSync({
    stdin: { contents, resolveDir: root, sourcefile: path.basename(file, '.js') + '-entry.js', loader: 'js' },
    outfile: file,
    write: false,
    banner: { js: banner },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    legalComments: 'none',
    external,
  });
  // esbuild escapes non-ASCII in strings and regular expressions, not in the doc comments it keeps (three
  // in cdk8s). One such character makes V8 hold the whole bundle as a two-byte string: 3.4 instead of
  // 1.7 MB. In a comment, an escape is as good as the character.
  const text = outputFiles[0].text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // A process loading the old bundle never reads half a file.
  fs.mkdirSync(path.dirname(file), { recursive: true });
  replaceFile(file, text);
}

function buildVendor(name, specifiers) {
  const vendorFile = path.join(outdir, `vendor-${name}.js`);
  const cdktfFile = path.join(outdir, `vendor-${name}-cdktf.js`);
  const stampFile = path.join(outdir, `vendor-${name}.json`);
  const key = vendorKey(specifiers);
  const main = specifiers.filter((s) => !isCdktfPackage(s));
  const cdktf = specifiers.filter(isCdktfPackage);
  try {
    if (JSON.parse(fs.readFileSync(stampFile, 'utf8')).key === key && fs.existsSync(vendorFile) && (!cdktf.length || fs.existsSync(cdktfFile))) return;
  } catch {
    // no stamp yet: build
  }
  const getter = (s, value) => `  get ${JSON.stringify(s)}() { return ${value}; },`;
  if (cdktf.length) {
    // The packages of the main bundle (constructs) stay outside this one, and the loader hands it the
    // main bundle's copies (the "vendor-shared" line): a second Construct class would break instanceof
    // between the two bundles' objects.
    const shared = `// vendor-shared: ${JSON.stringify({ bundle: path.basename(vendorFile), packages: main })}`;
    const entry = cdktf.map((s) => getter(s, `require(${JSON.stringify(s)})`)).join('\n');
    bundleVendorFile(cdktfFile, `module.exports = {\n${entry}\n};\n`, `// vendor-key: ${key}\n${shared}`, main);
  }
  // Getters, so a package is evaluated on first use (esbuild wraps each bundled CommonJS module lazily).
  const loadCdktf = `require('./vendor-loader.js').load(${JSON.stringify(path.basename(cdktfFile))})`;
  const getters = [...main.map((s) => getter(s, `require(${JSON.stringify(s)})`)), ...cdktf.map((s) => getter(s, `${loadCdktf}[${JSON.stringify(s)}]`))].join('\n');
  bundleVendorFile(vendorFile, `module.exports = {\n${getters}\n};\n`, `// vendor-key: ${key}`, ['./vendor-loader.js']);
  replaceFile(stampFile, JSON.stringify({ key, specifiers }, null, 2) + '\n');
  // Code caches of earlier vendor bundles are stale now.
  for (const f of fs.readdirSync(outdir)) {
    if ((f.startsWith(`vendor-${name}.`) || f.startsWith(`vendor-${name}-cdktf.`)) && f.endsWith('.v8cache')) fs.rmSync(path.join(outdir, f), { force: true });
  }
}

async function build(name) {
  const outfile = path.join(outdir, `${name}.js`);
  const vendorFile = path.join(outdir, `vendor-${name}.js`);
  const specifiers = new Set();
  await esbuild().build({
    entryPoints: [path.join(root, entries[name])],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [vendorPlugin(vendorFile, specifiers)],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  buildVendor(name, [...specifiers].sort());
  return outfile;
}

async function main() {
  writeVendorLoader();
  const outfiles = [];
  for (const name of names) outfiles.push(await build(name));
  if (runArgs) {
    process.argv = [process.argv[0], outfiles[0], ...runArgs];
    require('node:module').runMain();
  }
}

// scripts/run-ts.js reuses the vendor bundles (same loader, same key) for its per-file transpile path.
module.exports = { buildVendor, writeVendorLoader, vendorKey, replaceFile, outdir };

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
