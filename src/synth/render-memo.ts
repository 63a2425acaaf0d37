import { SchemaIssue, SchemaValidator } from '../policy/schema/validator';
import { CheckMemo } from '../policy/types';
import { objectSha256 } from '../release/release-manifest';
import { toYaml } from './manifest-yaml';

interface Entry {
  yaml?: string;
  schema?: readonly SchemaIssue[];
  sha256?: string;
}

/** What a render reuses, per object, from earlier renders ({@link RenderMemo}, {@link StoredRenderMemo}). */
export interface ObjectMemo extends CheckMemo {
  /** The object's YAML, as `toYaml` writes it. */
  yaml(manifest: object): string;
  /** The object's `sha256:` in `release.json` ({@link objectSha256}). */
  objectHash(manifest: object): string;
}

/**
 * `JSON.stringify` of each object, computed once while this lives: the memos' key, and what the
 * object-size rule measures (objects are not changed after they are checked).
 */
export class JsonOnce {
  private readonly texts = new WeakMap<object, string>();

  /** `JSON.stringify(manifest)`, from the first call for this object on. */
  public of(manifest: object): string {
    let text = this.texts.get(manifest);
    if (text === undefined) {
      text = JSON.stringify(manifest);
      this.texts.set(manifest, text);
    }
    return text;
  }
}

/**
 * What a warm process that renders the same platform again after an edit (`synth --watch`) reuses
 * from the previous render, per object, keyed by the object's JSON: its YAML, its schema validation
 * result and its hash in `release.json`. Most objects come back unchanged, and `JSON.stringify`
 * costs a fraction of js-yaml's `dump`, of Ajv's validation and of the canonical JSON hash. Keeps
 * what the last two renders used, nothing older.
 *
 * The key is the object as JSON, which is what the object is after cdk8s's `toJson` (plain data, no
 * `undefined`, no functions). It is computed once per object and render: objects are not changed
 * after they are checked. Schema results are tied to the validator that produced them: another
 * validator (a reloaded schema module) starts afresh. A memo is tied to the YAML writer of its own
 * module: a process that reloads that module makes a new memo.
 */
export class RenderMemo implements ObjectMemo {
  private previous = new Map<string, Entry>();
  private current = new Map<string, Entry>();
  private validator?: SchemaValidator;
  private jsons = new JsonOnce();

  /** The object's YAML, as `toYaml` writes it. */
  public yaml(manifest: object): string {
    const entry = this.entry(manifest);
    entry.yaml ??= toYaml(manifest);
    return entry.yaml;
  }

  /** What `validator.validate(manifest)` returns. */
  public schemaIssues(manifest: Record<string, unknown>, validator: SchemaValidator): readonly SchemaIssue[] {
    if (validator !== this.validator) {
      for (const map of [this.previous, this.current]) for (const e of map.values()) delete e.schema;
      this.validator = validator;
    }
    const entry = this.entry(manifest);
    entry.schema ??= validator.validate(manifest);
    return entry.schema;
  }

  /** `JSON.stringify(manifest)`, once per object and render. */
  public json(manifest: object): string {
    return this.jsons.of(manifest);
  }

  /** The object's `sha256:` in `release.json` ({@link objectSha256}). */
  public objectHash(manifest: object): string {
    const entry = this.entry(manifest);
    entry.sha256 ??= objectSha256(manifest);
    return entry.sha256;
  }

  /** Ends a render: the next one keeps what this one used. */
  public nextRender(): void {
    this.previous = this.current;
    this.current = new Map();
    this.jsons = new JsonOnce();
  }

  private entry(manifest: object): Entry {
    const key = this.json(manifest);
    let entry = this.current.get(key);
    if (!entry) {
      entry = this.previous.get(key) ?? {};
      this.current.set(key, entry);
    }
    return entry;
  }
}
