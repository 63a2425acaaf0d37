/**
 * A YAML writer for plain JSON objects that produces exactly what `yaml.stringify(value, { lineWidth: 0 })`
 * (the `yaml` package, 2.x, core schema, default options) produces, several times faster: it writes
 * strings directly instead of building a document tree first.
 *
 * It covers what manifests are made of: plain objects, arrays, strings, booleans, null and integers,
 * including multi-line strings (literal block scalars). Anything else (other numbers, class instances,
 * `undefined` inside arrays, control characters, an object reachable twice, very long keys) makes
 * {@link fastYaml} return `undefined`, and the caller uses `yaml.stringify`, which stays the reference:
 * `test/synth/fast-yaml.test.ts` compares both on the platform's objects and on random values.
 *
 * The rules below are ported from yaml's `stringifyString` / `stringifyPair` / `stringifyCollection`.
 */

/** Thrown inside the writer for anything it does not reproduce exactly; never escapes {@link fastYaml}. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

const INDENT_STEP = '  ';

// yaml's plainString: characters and sequences that rule out a plain scalar.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// Strings the core schema would read back as something else (null, bool, int, float).
const CORE_NON_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
// yaml forces double quotes for these; the writer leaves such strings to yaml.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;
// A cheap pre-check: strings made only of these characters, starting with a letter, are plain unless
// they read as null/bool (checked below) or end in ':'; this skips the regexes for most strings.
const SIMPLE = /^[A-Za-z][A-Za-z0-9_./=-]*$/;

function isCoreNonString(s: string): boolean {
  for (const re of CORE_NON_STRING) if (re.test(s)) return true;
  return false;
}

/** A single-line string that cannot be plain, quoted as yaml's quotedString does (no folding at lineWidth 0). */
function quoted(value: string): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  if (hasDouble && !hasSingle) return `'${value.replace(/'/g, "''")}'`;
  // Without control characters and newlines, yaml's double-quoted form is the JSON string.
  return JSON.stringify(value);
}

/**
 * A string scalar. `indent` is yaml's `ctx.indent` at the scalar (the pair's indent plus one step), `key`
 * whether it is an implicit key.
 */
function scalarString(value: string, indent: string, key: boolean): string {
  // yaml writes a key longer than 1024 characters as an explicit key (`? key`).
  if (key && value.length > 1024) throw UNSUPPORTED;
  if (SIMPLE.test(value) && !isCoreNonString(value)) return value;
  if (CONTROL.test(value)) throw UNSUPPORTED;
  const multiline = value.includes('\n');
  if (key) {
    if (multiline) throw UNSUPPORTED;
    if (NOT_PLAIN.test(value)) return quoted(value);
    if (indent === INDENT_STEP && DOCUMENT_MARKER.test(value)) return quoted(value);
    return isCoreNonString(value) ? quoted(value) : value;
  }
  if (multiline) return blockLiteral(value, indent);
  if (NOT_PLAIN.test(value)) return quoted(value);
  return isCoreNonString(value) ? quoted(value) : value;
}

/** yaml's blockString for a literal block (what lineWidth 0 always picks), without comments. */
function blockLiteral(input: string, indent: string): string {
  // A block cannot end in whitespace after its last line break: yaml quotes those (not reproduced here).
  if (/\n[\t ]+$/.test(input)) throw UNSUPPORTED;
  let value = input;
  let endStart: number;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  let chomp: string;
  if (endNlPos === -1) chomp = '-';
  else if (value === end || endNlPos !== end.length - 1) chomp = '+';
  else chomp = '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd: number;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${value}${end}`;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

class Writer {
  /** Objects and arrays already written: yaml would alias a second reference (`&a1` / `*a1`). */
  private readonly seen = new Set<object>();

  /** A scalar, or throws for non-scalars. */
  private scalar(value: unknown, indent: string): string {
    switch (typeof value) {
      case 'string':
        return scalarString(value, indent, false);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'number':
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
        throw UNSUPPORTED;
      case 'object':
        if (value === null) return 'null';
        throw UNSUPPORTED;
      default:
        throw UNSUPPORTED;
    }
  }

  private enter(value: object): void {
    if (this.seen.has(value)) throw UNSUPPORTED;
    this.seen.add(value);
  }

  /**
   * A block mapping whose pairs sit at `indent` (yaml's itemIndent); lines after the first are prefixed
   * with `indent`. Returns undefined for an empty object (written `{}` by the caller).
   */
  map(obj: Record<string, unknown>, indent: string): string | undefined {
    this.enter(obj);
    const pairIndent = indent + INDENT_STEP;
    let out: string | undefined;
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      if (value === undefined) continue;
      const line = `${scalarString(key, pairIndent, true)}:${this.value(value, pairIndent)}`;
      out = out === undefined ? line : `${out}\n${indent}${line}`;
    }
    return out;
  }

  /** A block sequence at `indent`; undefined when empty. */
  seq(arr: readonly unknown[], indent: string): string | undefined {
    this.enter(arr);
    if (arr.length === 0) return undefined;
    const itemIndent = indent + INDENT_STEP;
    let out = '';
    for (let i = 0; i < arr.length; i++) {
      const item = arr[i];
      if (item === undefined) throw UNSUPPORTED;
      const line = `- ${this.item(item, itemIndent)}`;
      out = i === 0 ? line : `${out}\n${indent}${line}`;
    }
    return out;
  }

  /** A sequence item's text (after `- `) with its contents at `indent`. */
  private item(value: unknown, indent: string): string {
    if (value !== null && typeof value === 'object') {
      if (Array.isArray(value)) return this.seq(value, indent) ?? '[]';
      if (!isPlainObject(value)) throw UNSUPPORTED;
      return this.map(value, indent) ?? '{}';
    }
    return this.scalar(value, indent);
  }

  /** A pair's value, including the separator after `key:` (a space, or a line break for a collection). */
  private value(value: unknown, indent: string): string {
    if (value !== null && typeof value === 'object') {
      if (Array.isArray(value)) {
        const s = this.seq(value, indent);
        return s === undefined ? ' []' : `\n${indent}${s}`;
      }
      if (!isPlainObject(value)) throw UNSUPPORTED;
      const s = this.map(value, indent);
      return s === undefined ? ' {}' : `\n${indent}${s}`;
    }
    return ` ${this.scalar(value, indent)}`;
  }
}

/**
 * `yaml.stringify(value, { lineWidth: 0 })` for a non-empty plain object of JSON values, or undefined when
 * the value holds something this writer does not reproduce exactly (then use `yaml.stringify`).
 */
export function fastYaml(value: Record<string, unknown>): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) return undefined;
  try {
    const body = new Writer().map(value, '');
    return body === undefined ? undefined : `${body}\n`;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
