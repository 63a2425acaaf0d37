#!/usr/bin/env node
// Runs a TypeScript entry point from source, transpiling file by file in this process:
//
//   node scripts/run-ts.js src/cli/main.ts synth --outdir dist      (or: node -r ./scripts/run-ts.js FILE.ts ...)
//
// The edit-to-YAML path (`npm run synth:k8s`) used to bundle the whole project with esbuild on every run,
// paying for esbuild's service process (~60 ms to start) and a whole-project build when one file
// changed. Here each .ts file is transpiled on its own with sucrase (loaded only when a file changed)
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
const vm = require('node:vm');
const { isMainThread } = require('node:worker_threads');

const root = path.join(__dirname, '..');
// SHIPYARD_TS_CACHE=DIR keeps the transpiled modules and their code caches elsewhere (tests do).
const cacheDir = process.env.SHIPYARD_TS_CACHE || path.join(root, '.build', 'ts-cache');
// Every edit adds entries; past this many files the oldest (by when they were written) are removed.
const CACHE_MAX_FILES = 3000;
let wroteCacheEntry = false;
// sucrase: TypeScript syntax and ES modules only (no ES downlevel), each output line where it was in the
// .ts file, so stack traces name the right lines without source maps. Pure JavaScript: loaded from a
// vendor bundle of its own with V8's code cache (~10 ms, +10 MiB), where @swc/core's native module cost
// ~27 ms to load and 30 MiB.
const SUCRASE_OPTIONS = { transforms: ['typescript', 'imports'], disableESTransforms: true };
let sucrase;
let optionsKey;

function cacheKey(filename, source) {
  optionsKey ??= JSON.stringify(SUCRASE_OPTIONS) + require('sucrase/package.json').version + fs.readFileSync(__filename, 'utf8');
  return crypto.createHash('sha256').update(optionsKey).update(filename).update('\0').update(source).digest('hex');
}

/** sucrase, from its vendor bundle (built on first use, like the entry's). */
function loadSucrase() {
  const bundle = require('./bundle.js');
  bundle.buildVendor('ts-transpiler', ['sucrase']);
  bundle.writeVendorLoader();
  return require(path.join(bundle.outdir, 'vendor-loader.js')).load('vendor-ts-transpiler.js').sucrase;
}

/**
 * Transpiled JavaScript for one .ts file, from the cache when its content was seen before, and the
 * cache key it is kept under.
 */
function transpile(filename, source) {
  const key = cacheKey(filename, source).slice(0, 40);
  const file = path.join(cacheDir, key + '.js');
  try {
    return { code: fs.readFileSync(file, 'utf8'), key };
  } catch {
    // first time this content is seen
  }
  sucrase ??= loadSucrase();
  let code;
  try {
    ({ code } = sucrase.transform(source, { ...SUCRASE_OPTIONS, filePath: filename }));
  } catch (e) {
    const at = e && e.loc ? `:${e.loc.line}:${e.loc.column}` : ''; // (sucrase counts columns from 1)
    const line = at ? `\n    ${source.split('\n')[e.loc.line - 1].trim()}` : '';
    // sucrase's message repeats the file name; the position is in `loc`.
    const text = String(e && e.message ? e.message : e).replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
    // eslint-disable-next-line preserve-caught-error -- the cause would only repeat the message
    throw new SyntaxError(`${path.relative(process.cwd(), filename)}${at}: cannot be transpiled: ${text}${line}`);
  }
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // (Threads of one process, the watcher's render workers, may write the same entry at once.)
    require('./bundle.js').replaceFile(file, code);
    wroteCacheEntry = true;
  } catch {
    // a cache is an optimisation: the code is here, the next process transpiles again
  }
  return { code, key };
}

// ------------------------------------------------------------------------------------------ code cache
//
// V8 compiles every module's code in every process: the top level when it is loaded, each function on
// its first call. Node 20 has no compile cache for modules (22's `module.enableCompileCache`), so each
// transpiled module is compiled here with V8's code cache for it (`<key>.<V8 tag>.v8cache` beside
// its transpiled code). A module without one gets it written after it ran (2 s later, or at the exit of
// the process that loaded it, whichever comes first), so the cache also holds the functions the run called (the same as the vendor bundle's,
// scripts/bundle.js). V8 rejects a cache made by another version or with other flags: then it compiles
// afresh and a new cache is written. SHIPYARD_TS_CODE_CACHE=0 turns it off (to measure what it saves).
const useCodeCache = process.env.SHIPYARD_TS_CODE_CACHE !== '0';
// Named after what V8 checks a cache against (its version, flags and CPU features): processes started
// with other flags keep their own caches instead of replacing each other's.
const codeCacheSuffix = `.${require('node:v8').cachedDataVersionTag()}.v8cache`;
const uncached = [];
const CODE_CACHE_DELAY_MS = 2000;

/** The `require` a CommonJS module gets (what node's own loader makes for it). */
function makeRequire(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

function compileWithCodeCache(module, filename, code, key) {
  const cacheFile = path.join(cacheDir, key + codeCacheSuffix);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // not compiled by an earlier process yet
  }
  // (A shebang line is a comment to node's loader, not to V8.)
  const body = code.startsWith('#!') ? `//${code}` : code;
  const script = new vm.Script(Module.wrap(body), { filename, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    uncached.push({ script, cacheFile });
    // A long-running process (synth --watch reloads edited modules) writes them a while after they
    // ran instead of holding every compiled version until it exits.
    if (uncached.length === 1) setTimeout(writeCodeCaches, CODE_CACHE_DELAY_MS).unref();
  }
  script.runInThisContext({ displayErrors: true }).call(module.exports, module.exports, makeRequire(module), module, filename, path.dirname(filename));
}

function writeCodeCaches() {
  for (const { script, cacheFile } of uncached.splice(0)) {
    try {
      require('./bundle.js').replaceFile(cacheFile, script.createCachedData());
      wroteCacheEntry = true;
    } catch {
      // a cache is an optimisation: the next process compiles again
    }
  }
}

/** Keeps the cache directory bounded: removes the oldest entries once it holds more than CACHE_MAX_FILES. */
function trimCache() {
  if (!wroteCacheEntry) return;
  try {
    const names = fs.readdirSync(cacheDir);
    if (names.length <= CACHE_MAX_FILES) return;
    const entries = names.map((name) => ({ name, mtime: fs.statSync(path.join(cacheDir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
    entries.sort((a, b) => a.mtime - b.mtime);
    for (const { name } of entries.slice(0, names.length - Math.floor(CACHE_MAX_FILES * 0.75))) fs.rmSync(path.join(cacheDir, name), { force: true });
  } catch {
    // another process trimmed it first
  }
}

process.once('exit', () => {
  if (useCodeCache) writeCodeCaches();
  trimCache();
});

Module._extensions['.ts'] = function loadTs(module, filename) {
  const { code, key } = transpile(filename, fs.readFileSync(filename, 'utf8'));
  if (useCodeCache) compileWithCodeCache(module, filename, code, key);
  else module._compile(code, filename);
};

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
