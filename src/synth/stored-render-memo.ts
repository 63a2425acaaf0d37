import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, objectSha256 } from '../release/release-manifest';
import { SchemaIssue, SchemaValidator } from '../policy/schema/validator';
import { toYaml } from './manifest-yaml';
import { JsonOnce, ObjectMemo } from './render-memo';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const JS_YAML_VERSION = (require('js-yaml/package.json') as { version: string }).version;

interface Stored {
  /** YAML ({@link toYaml}). */
  y?: string;
  /** `sha256:` ({@link objectSha256}). */
  h?: string;
  /** Schema issues, from the validator the file names. */
  s?: readonly SchemaIssue[];
}

/**
 * The YAML and `release.json` hash of each object of a project's last synth, kept on disk for the next
 * synth process: after an edit most objects are the same, and a cold process dumps YAML several times
 * slower than a warm one (js-yaml's code is not optimized yet). Keyed by a hash of the object's JSON;
 * the file is named after everything else the texts depend on (js-yaml's version and the code of
 * `toYaml`, `objectSha256` and `canonicalJson`), so an edit of any of them or a new js-yaml starts an
 * empty file. Schema issues are stored with the key of the validator that found them
 * ({@link SchemaValidator.key}: schemas, Ajv, options and the validator's code) and used only with a
 * validator of the same key.
 *
 * `node_modules/.cache/shipyard-render/` (gitignored, safe to delete), one file per project file and code version;
 * `SHIPYARD_RENDER_CACHE=DIR` moves it, an empty value turns it off ({@link StoredRenderMemo.open}).
 * Holds the entries of one synth: what the last run did not use is dropped when it is saved.
 */
export class StoredRenderMemo implements ObjectMemo {
  /**
   * The stored memo of a project file, or undefined when the cache is off or has no place.
   * @param projectFile - the project file (`shipyard.config.ts`) whose output is memoized
   */
  public static open(projectFile: string): StoredRenderMemo | undefined {
    const dir = renderCacheDir();
    if (!dir) return undefined;
    const project = createHash('sha256').update(path.resolve(projectFile)).digest('hex').slice(0, 16);
    return new StoredRenderMemo(path.join(dir, `${project}-${CODE_KEY.slice(0, 16)}.json`));
  }

  private readonly stored: Map<string, Stored>;
  /** The key of the validator whose issues the file holds. */
  private storedValidator?: string;
  private validatorKey?: string;
  private readonly used = new Map<string, Stored>();
  private misses = 0;
  private readonly jsons = new JsonOnce();

  private constructor(private readonly file: string) {
    let stored = new Map<string, Stored>();
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { key?: string; validator?: string; entries?: Record<string, Stored> };
      if (data.key === CODE_KEY && data.entries) {
        stored = new Map(Object.entries(data.entries));
        this.storedValidator = data.validator;
      }
    } catch {
      // nothing stored yet (or unreadable): every object is dumped
    }
    this.stored = stored;
  }

  /** `JSON.stringify(manifest)`, once per object. */
  public json(manifest: object): string {
    return this.jsons.of(manifest);
  }

  /**
   * The object's schema issues, from the store when the last synth validated the same object with a
   * validator of the same key (then this process does not even load the validator of its kind).
   */
  public schemaIssues(manifest: Record<string, unknown>, validator: SchemaValidator): readonly SchemaIssue[] {
    const key = validator.key;
    if (this.validatorKey !== undefined && this.validatorKey !== key) return validator.validate(manifest); // a second validator in one run: not stored
    this.validatorKey = key;
    const entry = this.entry(manifest);
    if (entry.s !== undefined && this.storedValidator === key) return entry.s;
    entry.s = validator.validate(manifest);
    this.misses++;
    return entry.s;
  }

  /** The object's YAML, from the store when the last synth wrote the same object. */
  public yaml(manifest: object): string {
    const entry = this.entry(manifest);
    if (entry.y === undefined) {
      entry.y = toYaml(manifest);
      this.misses++;
    }
    return entry.y;
  }

  /** The object's `sha256:` in `release.json`, from the store when the last synth hashed the same object. */
  public objectHash(manifest: object): string {
    const entry = this.entry(manifest);
    if (entry.h === undefined) {
      entry.h = objectSha256(manifest);
      this.misses++;
    }
    return entry.h;
  }

  /** Writes what this run used, when it differs from what was stored (atomically; errors are ignored). */
  public save(): void {
    if (!this.misses && this.used.size === this.stored.size) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      const entries = Object.fromEntries(this.used);
      // Issues are kept only with the key of the validator that found them (this run's).
      if (this.validatorKey === undefined) for (const e of Object.values(entries)) delete e.s;
      fs.writeFileSync(tmp, JSON.stringify({ key: CODE_KEY, ...(this.validatorKey ? { validator: this.validatorKey } : {}), entries }));
      fs.renameSync(tmp, this.file);
      // One file per project and code version (two builds of the CLI, e.g. from source and bundled, each
      // keep theirs): the most recently written are kept.
      const dir = path.dirname(this.file);
      const others: { file: string; mtime: number }[] = [];
      for (const f of fs.readdirSync(dir)) {
        if (f === path.basename(this.file) || f.endsWith('.tmp')) continue;
        others.push({ file: path.join(dir, f), mtime: fs.statSync(path.join(dir, f)).mtimeMs });
      }
      for (const o of others.sort((a, b) => b.mtime - a.mtime).slice(KEEP_PROJECTS - 1)) fs.rmSync(o.file, { force: true });
    } catch {
      // a read-only tree: the next synth dumps every object again
    }
  }

  private entry(manifest: object): Stored {
    const hash = createHash('sha1').update(this.json(manifest)).digest('base64');
    let entry = this.used.get(hash);
    if (!entry) {
      entry = { ...this.stored.get(hash) };
      this.used.set(hash, entry);
    }
    return entry;
  }
}

/** Stores kept in the cache directory (one per project file and code version), the most recently written. */
const KEEP_PROJECTS = 16;

/** Everything the stored texts depend on besides the object. */
const CODE_KEY = createHash('sha256')
  .update(['shipyard-render/1', JS_YAML_VERSION, toYaml.toString(), objectSha256.toString(), canonicalJson.toString()].join('\0'))
  .digest('hex');

/** `node_modules/.cache/shipyard-render` of the nearest node_modules above this file; SHIPYARD_RENDER_CACHE overrides it (empty: off). */
function renderCacheDir(): string | undefined {
  const env = process.env.SHIPYARD_RENDER_CACHE;
  if (env !== undefined) return env || undefined;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'shipyard-render');
    if (path.dirname(dir) === dir) return undefined;
  }
}
