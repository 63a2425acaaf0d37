import { SchemaIssue, SchemaValidator } from '../policy/schema/validator';
import { SchemaMemo } from '../policy/types';
import { toYaml } from './manifest-yaml';

interface Entry {
  yaml?: string;
  schema?: readonly SchemaIssue[];
}

/**
 * What a warm process that renders the same platform again after an edit (`synth --watch`) reuses
 * from the previous render, per object, keyed by the object's JSON: its YAML and its schema
 * validation result. Most objects come back unchanged, and `JSON.stringify` costs a fraction of
 * js-yaml's `dump` and of Ajv's validation. Keeps what the last two renders used, nothing older.
 *
 * The key is the object as JSON, which is what the object is after cdk8s's `toJson` (plain data, no
 * `undefined`, no functions). Schema results are tied to the validator that produced them: another
 * validator (a reloaded schema module) starts afresh. A memo is tied to the YAML writer of its own
 * module: a process that reloads that module makes a new memo.
 */
export class RenderMemo implements SchemaMemo {
  private previous = new Map<string, Entry>();
  private current = new Map<string, Entry>();
  private validator?: SchemaValidator;

  /** The object's YAML, as {@link toYaml} writes it. */
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

  /** Ends a render: the next one keeps what this one used. */
  public nextRender(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  private entry(manifest: object): Entry {
    const key = JSON.stringify(manifest);
    let entry = this.current.get(key);
    if (!entry) {
      entry = this.previous.get(key) ?? {};
      this.current.set(key, entry);
    }
    return entry;
  }
}
