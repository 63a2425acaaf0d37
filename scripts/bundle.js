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
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const outdir = path.join(root, '.build');
const entries = { cli: 'src/cli/main.ts', infra: 'src/infra/main.ts', scale: 'bench/scale-main.ts' };

const argv = process.argv.slice(2);
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
        // Node's own modules stay plain requires.
        if (require('node:module').isBuiltin(args.path)) return { path: args.path, external: true };
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
      build.onLoad({ filter: /.*/, namespace: 'vendor-loader' }, () => ({ contents: vendorLoader(path.basename(vendorFile)), loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
        contents: `module.exports = require('vendor-loader')()[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Loads the vendor bundle through V8's code cache: the first run after the vendor bundle is (re)built
 * compiles it and, at exit, saves the compiled code (including the functions that run used); later runs
 * skip most of the parsing and compiling. The cache file is named after the vendor bundle's key and the
 * node version, so a rebuilt bundle never meets a stale cache; V8 rejects a cache made with other flags,
 * and then a fresh one is written.
 */
function vendorLoader(vendorBase) {
  return `
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
let vendor;
module.exports = function loadVendor() {
  if (vendor) return vendor;
  const file = path.join(__dirname, ${JSON.stringify(vendorBase)});
  const source = fs.readFileSync(file, 'utf8');
  let cacheFile;
  let cachedData;
  try {
    const { key } = JSON.parse(fs.readFileSync(file.replace(/\\.js$/, '.json'), 'utf8'));
    cacheFile = file.replace(/\\.js$/, '.' + key.slice(0, 16) + '.' + process.version + '-' + process.arch + '.v8cache');
    cachedData = fs.readFileSync(cacheFile);
  } catch {}
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const m = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
  m.loaded = true;
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        const tmp = cacheFile + '.' + process.pid;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {}
    });
  }
  vendor = m.exports;
  return vendor;
};
`;
}

/** Everything that can change the vendor bundle's contents. */
function vendorKey(specifiers) {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify(specifiers));
  h.update(esbuild.version);
  h.update(fs.readFileSync(__filename));
  for (const lock of ['package-lock.json', 'package.json']) {
    const file = path.join(root, lock);
    if (fs.existsSync(file)) h.update(fs.readFileSync(file));
  }
  return h.digest('hex');
}

function buildVendor(name, specifiers) {
  const vendorFile = path.join(outdir, `vendor-${name}.js`);
  const stampFile = path.join(outdir, `vendor-${name}.json`);
  const key = vendorKey(specifiers);
  try {
    if (JSON.parse(fs.readFileSync(stampFile, 'utf8')).key === key && fs.existsSync(vendorFile)) return;
  } catch {
    // no stamp yet: build
  }
  // Getters, so a package is evaluated on first use (esbuild wraps each bundled CommonJS module lazily).
  const source = specifiers.map((s) => `  get ${JSON.stringify(s)}() { return require(${JSON.stringify(s)}); },`).join('\n');
  esbuild.buildSync({
    stdin: { contents: `module.exports = {\n${source}\n};\n`, resolveDir: root, sourcefile: `vendor-${name}-entry.js`, loader: 'js' },
    outfile: vendorFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    legalComments: 'none',
  });
  fs.writeFileSync(stampFile, JSON.stringify({ key, specifiers }, null, 2) + '\n');
  // Code caches of earlier vendor bundles are stale now.
  for (const f of fs.readdirSync(outdir)) if (f.startsWith(`vendor-${name}.`) && f.endsWith('.v8cache')) fs.rmSync(path.join(outdir, f), { force: true });
}

async function build(name) {
  const outfile = path.join(outdir, `${name}.js`);
  const vendorFile = path.join(outdir, `vendor-${name}.js`);
  const specifiers = new Set();
  await esbuild.build({
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
  const outfiles = [];
  for (const name of names) outfiles.push(await build(name));
  if (runArgs) {
    process.argv = [process.argv[0], outfiles[0], ...runArgs];
    require('node:module').runMain();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
