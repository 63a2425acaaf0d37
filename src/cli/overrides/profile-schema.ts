/**
 * The environment profile's JSON Schema (generated from the TypeScript type by `npm run gen:schema`),
 * walked to find what `--set PATH=VALUE` can change and how to parse the value. Nothing here knows
 * the profile's fields by name: a new field in the type is settable and documented once the schema
 * is regenerated.
 */
import profileSchemaJson from '../../profiles/environment-profile.schema.json';

/** The subset of JSON Schema (draft 7) that ts-json-schema-generator emits for the profile. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly (string | number | boolean)[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly required?: readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
}

/** One step of a `--set` path. */
export type PathSegment =
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number };

/** Fields that identify an environment rather than configure it: not settable. */
const NOT_SETTABLE = new Set(['name']);

export const PROFILE_SCHEMA: JsonSchema = profileSchemaJson as JsonSchema;

/**
 * Follows `$ref` (to `#/definitions/...`); the referring node's description and default win over the
 * definition's, as in the generated schema a property documents its own use of a shared type.
 */
export function deref(node: JsonSchema, root: JsonSchema = PROFILE_SCHEMA): JsonSchema {
  let current = node;
  const seen = new Set<string>();
  while (current.$ref) {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`schema: circular $ref ${ref}`);
    seen.add(ref);
    const m = /^#\/definitions\/(.+)$/.exec(ref);
    const target = m ? root.definitions?.[decodeURIComponent(m[1])] : undefined;
    if (!target) throw new Error(`schema: cannot resolve $ref ${ref}`);
    const { $ref: _ignored, ...own } = current;
    void _ignored;
    current = { ...target, ...own };
  }
  return current;
}

/** The schema's primary type (`integer`, `number`, `string`, `boolean`, `array`, `object`). */
export function typeOf(node: JsonSchema): string {
  const s = deref(node);
  if (Array.isArray(s.type)) return (s.type as readonly string[]).find((t) => t !== 'null') ?? 'string';
  if (typeof s.type === 'string') return s.type;
  if (s.enum) return typeof s.enum[0] === 'number' ? 'number' : typeof s.enum[0] === 'boolean' ? 'boolean' : 'string';
  if (s.properties || s.additionalProperties !== undefined) return 'object';
  if (s.items) return 'array';
  return 'string';
}

/** True for strings, numbers, booleans and enums: values given as they are on the command line. */
export function isScalar(node: JsonSchema): boolean {
  return !['object', 'array'].includes(typeOf(node));
}

/** The value schema of a `Record<string, T>` object, or undefined for a plain (closed) object. */
export function recordValueSchema(node: JsonSchema): JsonSchema | undefined {
  const s = deref(node);
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

/** A path resolved against the schema. */
export interface ResolvedPath {
  /** The steps, to apply the value with. */
  readonly segments: readonly PathSegment[];
  /** The schema of the field the path names. */
  readonly schema: JsonSchema;
  /** The path in canonical form (`loadBalancer.pools[0].addresses`). */
  readonly canonical: string;
}

/** Why a path does not resolve. `at` is the canonical prefix that did resolve. */
export class PathError extends Error {
  constructor(
    message: string,
    /** The canonical prefix that resolved before the problem. */
    public readonly at: string,
  ) {
    super(message);
  }
}

/** Formats segments as a path: `a.b[0].c`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (s.kind === 'index') out += `[${s.index}]`;
    else out += (out ? '.' : '') + s.name;
  }
  return out;
}

/**
 * Resolves a dotted path (`services.checkout.replicas`, `loadBalancer.pools[0].addresses`) against the
 * schema. Object fields and `Record` keys are separated by dots, array indices are `[N]` (or `.N`).
 * The key of a `Record` of plain values (annotations, node labels, provisioner parameters) is the whole
 * rest of the path, so it may contain dots and slashes: `exposure.annotations.cloud.google.com/neg`.
 * Throws {@link PathError}.
 */
/** Keys that would reach `Object.prototype` when a path or value is applied to a profile. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function resolvePath(path: string, root: JsonSchema = PROFILE_SCHEMA): ResolvedPath {
  const segments: PathSegment[] = [];
  let node = deref(root, root);
  let rest = path;
  if (!rest) throw new PathError('the path is empty', '');
  while (rest.length) {
    const at = formatPath(segments);
    const type = typeOf(node);
    if (type === 'array') {
      const m = /^\[(\d+)\]/.exec(rest) ?? /^(\d+)(?=$|[.[])/.exec(rest);
      if (!m) throw new PathError(`${at} is a list: address an entry as ${at}[N]`, at);
      segments.push({ kind: 'index', index: Number(m[1]) });
      node = deref(node.items ?? {}, root);
      rest = rest.slice(m[0].length);
    } else if (type === 'object') {
      const s = deref(node, root);
      const valueSchema = recordValueSchema(s);
      if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, head(rest)) && !(segments.length === 0 && NOT_SETTABLE.has(head(rest)))) {
        const name = head(rest);
        segments.push({ kind: 'property', name });
        node = deref(s.properties[name], root);
        rest = rest.slice(name.length);
      } else if (valueSchema) {
        const key = isScalar(valueSchema) || typeOf(valueSchema) === 'array' ? rest : head(rest);
        if (!key) throw new PathError(`${at} needs a key after the dot`, at);
        if (PROTOTYPE_KEYS.has(key)) throw new PathError(`"${key}" is not allowed as a key (it would reach Object.prototype)`, at);
        segments.push({ kind: 'key', name: key });
        node = deref(valueSchema, root);
        rest = rest.slice(key.length);
      } else {
        const name = head(rest);
        const where = at ? `${at} has no field "${name}"` : `the profile has no field "${name}"`;
        throw new PathError(segments.length === 0 && NOT_SETTABLE.has(name) ? `"${name}" names the environment and cannot be set` : where, at);
      }
    } else {
      throw new PathError(`${at} is a ${describeType(node)}; it has no field "${head(rest) || rest}"`, at);
    }
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      if (!rest) throw new PathError(`the path ends with a dot`, formatPath(segments));
    } else if (rest.length && !rest.startsWith('[')) {
      throw new PathError(`unexpected "${rest}" after ${formatPath(segments)}`, formatPath(segments));
    }
  }
  return { segments, schema: node, canonical: formatPath(segments) };
}

/** The first dotted segment of a path (up to `.` or `[`). */
function head(path: string): string {
  const m = /^[^.[]*/.exec(path);
  return m ? m[0] : '';
}

/** How a value of this schema is written on the command line, in words. */
export function describeType(node: JsonSchema): string {
  const s = deref(node);
  if (s.enum) return `one of ${s.enum.map((v) => String(v)).join(' | ')}`;
  const type = typeOf(s);
  if (type === 'array') {
    const items = deref(s.items ?? {});
    return isScalar(items) ? `list of ${describeType(items)} (comma-separated or JSON)` : 'list of objects (JSON)';
  }
  if (type === 'object') {
    const value = recordValueSchema(s);
    return value && !s.properties ? `map of ${isScalar(value) ? describeType(value) : 'objects'} (JSON)` : 'object (JSON)';
  }
  return type;
}

/** One settable path, for `--help-set` and docs/cli.md. */
export interface SettablePath {
  /** The path, with `<name>` / `<key>` for map keys and `[N]` for list entries. */
  readonly path: string;
  /** How the value is written (`number`, `one of a | b`, `list of string (comma-separated or JSON)`). */
  readonly type: string;
  /** From the TSDoc of the field. */
  readonly description: string;
  /** From `@default`, in words (`70`, `'Local'`, `none`), or undefined when the field is required. */
  readonly default?: string;
}

/** Every settable path, in the type's field order: objects first, then their fields. */
export function settablePaths(root: JsonSchema = PROFILE_SCHEMA): SettablePath[] {
  const out: SettablePath[] = [];
  const visit = (node: JsonSchema, path: string, inherited: string, depth: number) => {
    const s = deref(node, root);
    if (path) {
      const entry: SettablePath = { path, type: describeType(s), description: oneLine(s.description ?? inherited) };
      out.push(s.default === undefined ? entry : { ...entry, default: formatDefault(s.default) });
    }
    if (depth > 8) return;
    const type = typeOf(s);
    if (type === 'object') {
      for (const [name, child] of Object.entries(s.properties ?? {})) {
        if (!path && NOT_SETTABLE.has(name)) continue;
        const parent = oneLine(s.description ?? '').replace(/\.$/, '');
        visit(child, path ? `${path}.${name}` : name, parent ? `\`${name}\` of: ${parent}.` : '', depth + 1);
      }
      const value = recordValueSchema(s);
      if (value) {
        const placeholder = isScalar(value) || typeOf(value) === 'array' ? '<key>' : '<name>';
        visit(value, `${path}.${placeholder}`, keyDescription(s.description ?? inherited, value), depth + 1);
      }
    } else if (type === 'array') {
      const items = deref(s.items ?? {}, root);
      if (!isScalar(items)) visit(items, `${path}[N]`, '', depth + 1);
    }
  };
  visit(root, '', '', 0);
  return out;
}

function keyDescription(mapDescription: string, value: JsonSchema): string {
  const what = oneLine(mapDescription).replace(/\.$/, '');
  return isScalar(value) ? (what ? `One entry of: ${what}.` : 'One entry.') : what ? `${what}: one entry.` : 'One entry.';
}

function formatDefault(value: unknown): string {
  if (typeof value === 'string') {
    if (value.startsWith('- ')) return value.slice(2);
    return /[\s'"]/.test(value) ? value : `'${value}'`;
  }
  return JSON.stringify(value);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
