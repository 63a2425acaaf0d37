/**
 * `new CachedAjv(options, setup, schemaSetKey).compile(schema)` returns what `ajv.compile(schema)` would,
 * but keeps each compiled validator as Ajv standalone code in a cache directory keyed by everything that
 * determines that code (Ajv version, options, the schemas `setup` adds, the compiled schema). A process
 * pays Ajv's code generation only for a schema set it has never seen: editing a source file does not
 * invalidate the cache, regenerating k8s-schemas.json does. On a hit no Ajv instance is even created
 * (`setup`, e.g. adding the 500 KB of definitions, is skipped). Validation results and `validate.errors`
 * come from the same generated code, so behaviour is unchanged. Measured in docs/performance.md
 * (schema compilation 265 → 31 ms of a four-environment synth).
 *
 * Each cached validator is compiled through V8's code cache as well (`<file>.<node>-<arch>.v8cache`
 * beside it, written at the exit of a process that had to compile it, after it ran, so it holds the
 * bytecode of the functions that ran): later processes neither parse nor lazily compile Ajv's large
 * generated functions. V8 refuses a cache that does not match the source or its flags, and then a
 * new one is written. SHIPYARD_AJV_CODE_CACHE=0 turns the code cache off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { threadId } from 'node:worker_threads';
import Ajv, { Options, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;

/**
 * Where compiled validators are kept: `node_modules/.cache/shipyard-ajv` of the nearest node_modules above
 * this file (gitignored, safe to delete). SHIPYARD_AJV_CACHE overrides it; an empty value disables the cache.
 */
export function ajvCacheDir(): string | undefined {
  const env = process.env.SHIPYARD_AJV_CACHE;
  if (env !== undefined) return env || undefined;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'shipyard-ajv');
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** An Ajv front that caches compiled validators on disk (see the file comment). */
export class CachedAjv {
  private ajv?: Ajv;
  private readonly baseKey: string;

  /** Identifies every validator this instance returns (Ajv version, options, schema set). */
  public get key(): string {
    return this.baseKey;
  }

  constructor(
    private readonly options: Options,
    private readonly setup: (ajv: Ajv) => void,
    /** Identifies what `setup` adds (e.g. a hash of the schema bundle). */
    schemaSetKey: string,
  ) {
    const opts = JSON.stringify(options, (_k, v: unknown) => (typeof v === 'function' || v instanceof RegExp ? String(v) : v));
    this.baseKey = createHash('sha256').update(AJV_VERSION).update('\0').update(opts).update('\0').update(schemaSetKey).digest('hex');
  }

  compile(schema: object): ValidateFunction {
    const dir = ajvCacheDir();
    const file = dir && path.join(dir, `${createHash('sha256').update(this.baseKey).update(JSON.stringify(schema)).digest('hex')}.js`);
    if (file) {
      try {
        return load(file, fs.readFileSync(file, 'utf8'));
      } catch {
        // not cached yet (or unreadable): compile and store
      }
    }
    const ajv = this.instance();
    const validate = ajv.compile(schema);
    if (file) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        replaceFile(file, standaloneCode(ajv, validate));
      } catch {
        // a read-only tree still validates, just without the cache
      }
    }
    return validate;
  }

  private instance(): Ajv {
    if (!this.ajv) {
      this.ajv = new Ajv({ ...this.options, code: { ...this.options.code, source: true } });
      this.setup(this.ajv);
    }
    return this.ajv;
  }
}

/** Writes under a name of this process and thread, then renames: readers (other processes, workers) never see half a file. */
function replaceFile(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}-${threadId}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Validators compiled without an accepted code cache in this process: their caches are written at exit. */
const uncached: { readonly script: vm.Script; readonly file: string }[] = [];

function writeCodeCaches(): void {
  for (const { script, file } of uncached.splice(0)) {
    try {
      replaceFile(file, script.createCachedData());
    } catch {
      // a read-only cache directory: the next process compiles again
    }
  }
}

function load(file: string, code: string): ValidateFunction {
  const module = { exports: {} as { default?: ValidateFunction } };
  const useCodeCache = process.env.SHIPYARD_AJV_CODE_CACHE !== '0';
  // Named after what V8 checks a cache against (version, flags, CPU features): other flags, other cache.
  const cacheFile = `${file}.${v8.cachedDataVersionTag()}.v8cache`;
  let cachedData: Buffer | undefined;
  if (useCodeCache) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // no code cache yet
    }
  }
  // Standalone code is CommonJS that requires Ajv's runtime helpers (ajv/dist/runtime/*); it is Ajv's
  // own output, written by compile() above.
  const script = new vm.Script(`(function (module, exports, require) {${code}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const run = script.runInThisContext() as (m: typeof module, e: object, r: NodeRequire) => void;
  if (useCodeCache && (!cachedData || script.cachedDataRejected)) {
    if (!uncached.length) process.once('exit', writeCodeCaches);
    uncached.push({ script, file: cacheFile });
  }
  run(module, module.exports, require);
  const fn = (module.exports.default ?? module.exports) as ValidateFunction;
  if (typeof fn !== 'function') throw new Error('not a validator');
  return fn;
}
