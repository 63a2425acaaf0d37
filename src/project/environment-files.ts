/**
 * Environment files: `environments/<name>.yaml`, an environment as reviewed data. A file holds a whole
 * profile, or `extends: <environment>` and only what differs (objects merge field by field, lists and
 * values replace, `null` removes a field). The result is validated with the generated profile schema
 * like any profile; errors name the file and the line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Document, isMap, isSeq, LineCounter, parseDocument, YAMLError } from 'yaml';
import { ProfileValidationError, ShipyardError } from '../errors';
import { EnvironmentProfile } from '../profiles/environment-profile';
import { Environment } from '../profiles/environment';

/** Where a setting's value came from, in words: `shipyard.config.ts`, `environments/staging-2.yaml`, `--set gcp.tier=x`. */
export type SettingSource = string;

/** An environment and where each of its settings came from. */
export interface SourcedEnvironment {
  /** The profile (file environments merged over what they extend). */
  readonly profile: EnvironmentProfile;
  /** Where the environment is declared: the project file or its environment file. */
  readonly declaredIn: SettingSource;
  /**
   * The environment it extends.
   * @default - none: the file (or code) declares the whole profile
   */
  readonly extends?: string;
  /** Setting path (`gcp.sqlInstance`, `placement.nodeGroups`) → where its value came from. */
  readonly sources: ReadonlyMap<string, SettingSource>;
}

/** An environment file that cannot be used: names the file (and the line, when known). */
export class EnvironmentFileError extends ShipyardError {}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `a.b`, `a.b[0]`: the path syntax of `--set` and of profile validation errors. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * Every setting of a value as `path → value`: values and lists are leaves (a list is replaced as a
 * whole), objects are walked.
 */
export function settingPaths(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (isPlain(value)) {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) settingPaths(v, joinPath(prefix, k), out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

/** `overlay` merged over `base`: objects field by field, anything else replaced; `null` removes. */
export function mergeSettings(base: unknown, overlay: unknown): unknown {
  if (!isPlain(base) || !isPlain(overlay)) return structuredClone(overlay);
  const out: Plain = structuredClone(base);
  for (const [k, v] of Object.entries(overlay)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? mergeSettings(out[k], v) : structuredClone(v);
  }
  return out;
}

/** Sources of `base`, with every setting of `overlay` (and what it removes or replaces) from `source`. */
export function overlaySources(base: ReadonlyMap<string, SettingSource>, overlay: unknown, source: SettingSource, prefix = ''): Map<string, SettingSource> {
  const out = new Map(base);
  const walk = (value: unknown, at: string) => {
    if (isPlain(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, joinPath(at, k));
      return;
    }
    // A replaced value or list, or a removed field: drop what was under it, then record this one.
    for (const key of [...out.keys()]) if (key === at || key.startsWith(`${at}.`) || key.startsWith(`${at}[`)) out.delete(key);
    if (value !== null) for (const leaf of settingPaths(value, at).keys()) out.set(leaf, source);
    if (value !== null && !isPlain(value)) out.set(at, source);
  };
  walk(overlay, prefix);
  return out;
}

/** The sources of an environment declared wholly in one place. */
export function sourcesOf(profile: EnvironmentProfile, source: SettingSource): Map<string, SettingSource> {
  return new Map([...settingPaths(profile).keys()].map((k) => [k, source]));
}

interface ParsedFile {
  readonly name: string;
  readonly label: string;
  readonly data: Plain;
  readonly doc: Document;
  readonly lines: LineCounter;
}

function parseFile(file: string, label: string): ParsedFile {
  const name = path.basename(file).replace(/\.ya?ml$/, '');
  const lines = new LineCounter();
  const text = fs.readFileSync(file, 'utf8');
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const first: YAMLError | undefined = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    throw new EnvironmentFileError(`${label}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS();
  if (!isPlain(data)) throw new EnvironmentFileError(`${label}: expected a mapping of profile fields (name, platform, ...) or "extends: <environment>" with the fields that differ`);
  if (data.name !== undefined && data.name !== name) {
    const given = typeof data.name === 'string' ? data.name : JSON.stringify(data.name);
    throw new EnvironmentFileError(`${label}${lineOf({ doc, lines }, 'name')}: name "${given}" differs from the file name; the file of environment "${given}" is ${given}.yaml`);
  }
  if (data.extends !== undefined && typeof data.extends !== 'string') throw new EnvironmentFileError(`${label}${lineOf({ doc, lines }, 'extends')}: extends must name an environment`);
  return { name, label, data, doc, lines };
}

/** `:LINE` of a dotted path in a parsed file, or '' when the path is not in it. */
function lineOf(file: { doc: Document; lines: LineCounter }, field: string): string {
  const keys: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  // The deepest part of the path the file has.
  for (let n = keys.length; n > 0; n--) {
    const node = file.doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    const parent = n > 1 ? file.doc.getIn(keys.slice(0, n - 1), true) : file.doc.contents;
    if (node && node.range) return `:${file.lines.linePos(node.range[0]).line}`;
    if (n === keys.length && (isMap(parent) || isSeq(parent)) && parent.range) {
      // An unknown or missing field: point at its parent object.
      return `:${file.lines.linePos(parent.range[0]).line}`;
    }
  }
  return '';
}

/** The YAML files of an environments directory (none when it does not exist). */
export function environmentFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The environments of `dir` (`<name>.yaml`), each resolved over what it extends (an environment of
 * `declared` or another file) and validated (as an environment of `project`). `label(file)` is how a file is named in errors and
 * sources (e.g. relative to the project root). Throws {@link EnvironmentFileError}.
 */
export function loadEnvironmentFiles(dir: string, declared: readonly SourcedEnvironment[], project: string, label: (file: string) => string = (f) => f): SourcedEnvironment[] {
  const files = environmentFiles(dir).map((f) => parseFile(f, label(f)));
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const f of files) {
    const clash = declared.find((d) => d.profile.name === f.name);
    if (clash) throw new EnvironmentFileError(`${f.label}: environment "${f.name}" is already declared in ${clash.declaredIn}; give the file another name (and "extends: ${f.name}" to start from it)`);
  }
  const resolved = new Map<string, SourcedEnvironment>();
  const resolve = (f: ParsedFile, chain: readonly string[]): SourcedEnvironment => {
    const done = resolved.get(f.name);
    if (done) return done;
    if (chain.includes(f.name)) throw new EnvironmentFileError(`${f.label}: extends goes round in a circle (${[...chain, f.name].join(' → ')})`);
    const { extends: parentName, ...fields } = f.data;
    let base: SourcedEnvironment | undefined;
    if (typeof parentName === 'string') {
      base = declared.find((d) => d.profile.name === parentName) ?? (byName.has(parentName) ? resolve(byName.get(parentName)!, [...chain, f.name]) : undefined);
      if (!base) {
        const known = [...declared.map((d) => d.profile.name), ...byName.keys()].filter((n) => n !== f.name);
        throw new EnvironmentFileError(`${f.label}${lineOf(f, 'extends')}: extends "${parentName}", which is not an environment of this project (${known.join(', ')})`);
      }
    }
    const merged = mergeSettings(base?.profile ?? {}, { ...fields, name: f.name }) as EnvironmentProfile;
    try {
      new Environment(merged, { project });
    } catch (error) {
      if (!(error instanceof ProfileValidationError)) throw error;
      const issues = error.issues.map((i) => `  - ${f.label}${lineOf(f, i.field)}: ${i.field}: ${i.message}`);
      throw new EnvironmentFileError(`environment "${f.name}" (${f.label}${base ? `, extends ${base.profile.name}` : ''}): invalid profile\n${issues.join('\n')}`);
    }
    const sources = overlaySources(base ? base.sources : new Map(), fields, f.label);
    sources.set('name', f.label);
    const env: SourcedEnvironment = { profile: merged, declaredIn: f.label, sources, ...(base ? { extends: base.profile.name } : {}) };
    resolved.set(f.name, env);
    return env;
  };
  return files.map((f) => resolve(f, []));
}
