#!/usr/bin/env node
// Runs a TypeScript entry point from source, transpiling file by file in this process:
//
//   node scripts/run-ts.js src/cli/main.ts synth --outdir dist      (or: node -r ./scripts/run-ts.js FILE.ts ...)
//
// The edit-to-YAML path (`npm run synth:k8s`) used to bundle the whole project with esbuild on every run,
// paying for esbuild's service process (~60 ms to start) and a whole-project build when one file
// changed. Here each .ts file is transpiled on its own with @swc/core (loaded only when a file changed)
// and kept in a content-keyed cache (.build/ts-cache/): a run after an edit transpiles that one file.
// No type-checking: that is `npm run typecheck`.
//
// Packages come from the same vendor bundle as scripts/bundle.js makes (`.build/vendor-run-<entry>.js`,
// loaded through V8's code cache): one file instead of hundreds of node_modules lookups. Its list of
// packages is the set the previous run imported; a run that imports a package the bundle lacks rebuilds
// the bundle and starts again (once), so a package is never loaded twice from two places.
//
// Modules stay separate, so a long-running process can reload what changed (`synth --watch` does).
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { isMainThread } = require('node:worker_threads');

const root = path.join(__dirname, '..');
const cacheDir = path.join(root, '.build', 'ts-cache');
const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
  module: { type: 'commonjs', strictMode: true, noInterop: false },
  // Inline source maps (and node's source-map support, which costs ~20 ms per run) only with --debug.
  sourceMaps: process.argv.includes('--debug') ? 'inline' : false,
};
let swc;
let swcVersion;
let optionsKey;

function cacheKey(filename, source) {
  swcVersion ??= require('@swc/core/package.json').version;
  optionsKey ??= JSON.stringify(SWC_OPTIONS) + swcVersion + fs.readFileSync(__filename, 'utf8');
  return crypto.createHash('sha256').update(optionsKey).update(filename).update('\0').update(source).digest('hex');
}

/** Transpiled JavaScript for one .ts file, from the cache when its content was seen before. */
function transpile(filename, source) {
  const file = path.join(cacheDir, cacheKey(filename, source).slice(0, 40) + '.js');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // first time this content is seen
  }
  swc ??= require('@swc/core');
  let code;
  try {
    ({ code } = swc.transformSync(source, { ...SWC_OPTIONS, filename, sourceFileName: filename }));
  } catch (e) {
    // swc's message is the source excerpt, then its own cause and a native backtrace: keep the excerpt.
    const text = String(e && e.message ? e.message : e).split(/\n\s*Caused by:/)[0].trimEnd();
    // eslint-disable-next-line preserve-caught-error -- the cause would print swc's native backtrace again
    throw new SyntaxError(`${path.relative(process.cwd(), filename)}: cannot be transpiled\n${text}`);
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, file);
  return code;
}

Module._extensions['.ts'] = function loadTs(module, filename) {
  module._compile(transpile(filename, fs.readFileSync(filename, 'utf8')), filename);
};
// With --debug, stack traces point at the .ts lines.
if (SWC_OPTIONS.sourceMaps) process.setSourceMapsEnabled(true);

// ------------------------------------------------------------------------------------------------ vendor

// This package's own name is not a package to vendor: the CLI maps it to its own modules (load-project.ts).
const ownName = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name;
const isOwn = (spec) => spec === ownName || spec.startsWith(`${ownName}/`);
const isBare = (spec) => !spec.startsWith('.') && !path.isAbsolute(spec) && !spec.startsWith('node:') && !Module.isBuiltin(spec) && !isOwn(spec);

// Running from source, this package's own name means its sources (as tsconfig.json `paths` and jest's
// moduleNameMapper say), never `lib/`: a clean checkout has no build, and the sources are what was edited.
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveOwn(request, ...rest) {
  if (typeof request === 'string' && isOwn(request)) {
    const sub = request.slice(ownName.length + 1);
    return originalResolve.call(this, path.join(root, 'src', sub, 'index.ts'), ...rest);
  }
  return originalResolve.call(this, request, ...rest);
};

function installVendor(name) {
  const bundle = require('./bundle.js');
  const stampFile = path.join(bundle.outdir, `vendor-${name}.json`);
  let specifiers = null;
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    // (A bundle that holds this package itself is stale: it is made again without it.)
    if (stamp.key === bundle.vendorKey(stamp.specifiers) && !stamp.specifiers.some(isOwn) && fs.existsSync(path.join(bundle.outdir, `vendor-${name}.js`))) specifiers = new Set(stamp.specifiers);
  } catch {
    // no vendor bundle yet: this run loads packages from node_modules and records them
  }
  const seen = new Set();
  let vendor;
  const originalRequire = Module.prototype.require;
  Module.prototype.require = function requireWithVendor(id) {
    // Only the project's TypeScript modules are redirected (not packages, not this loader's own requires).
    if (typeof id === 'string' && isBare(id) && this.filename.endsWith('.ts')) {
      seen.add(id);
      if (specifiers?.has(id)) {
        if (!vendor) {
          bundle.writeVendorLoader();
          vendor = originalRequire.call(module, path.join(bundle.outdir, 'vendor-loader.js')).load(`vendor-${name}.js`);
        }
        return vendor[id];
      }
      if (specifiers && !process.env.SHIPYARD_RUN_TS_RESTARTED && isMainThread) {
        // A package the bundle lacks: loading it from node_modules beside the bundle's copies of its
        // dependencies could make two of one class. Rebuild the bundle with it and start again.
        bundle.buildVendor(name, [...new Set([...specifiers, id])].sort());
        const { spawnSync } = require('node:child_process');
        const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
          stdio: 'inherit',
          env: { ...process.env, SHIPYARD_RUN_TS_RESTARTED: '1' },
        });
        process.exit(r.status ?? 1);
      }
    }
    return originalRequire.call(this, id);
  };
  process.once('exit', () => {
    if (!specifiers && seen.size && isMainThread) {
      try {
        bundle.buildVendor(name, [...seen].sort());
      } catch (e) {
        process.stderr.write(`run-ts: could not build the vendor bundle (packages load from node_modules): ${e.message}\n`);
      }
    }
  });
}

// ------------------------------------------------------------------------------------------------ main

function vendorName(entry) {
  return 'run-' + path.relative(root, entry).replace(/\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '-');
}

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node scripts/run-ts.js FILE.ts [ARGS...]\n');
    process.exit(2);
  }
  const file = path.resolve(entry);
  // Worker threads (parallel rendering) load this file first too, and use the same vendor bundle.
  process.execArgv.push('--require', __filename);
  process.env.SHIPYARD_RUN_TS_ENTRY = file;
  if (process.env.SHIPYARD_RUN_TS_VENDOR !== '0') installVendor(vendorName(file));
  process.argv = [process.argv[0], file, ...args];
  Module.runMain();
} else {
  // node -r ./scripts/run-ts.js FILE.ts, or a worker thread of a process started either way.
  const entry = isMainThread ? process.argv[1] : process.env.SHIPYARD_RUN_TS_ENTRY;
  if (entry && entry.endsWith('.ts') && process.env.SHIPYARD_RUN_TS_VENDOR !== '0') {
    if (isMainThread) process.env.SHIPYARD_RUN_TS_ENTRY = path.resolve(entry);
    installVendor(vendorName(path.resolve(entry)));
  }
}
