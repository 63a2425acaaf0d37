/**
 * `--set [ENV:]PATH=VALUE`: a typed override of one field of the environment profile for one run.
 * The path is resolved and the value parsed against the profile's generated JSON Schema.
 */
import { EnvironmentProfile } from '../../profiles/environment-profile';
import { UsageError } from '../errors';
import { deref, describeType, formatPath, isScalar, JsonSchema, PathError, PathSegment, PROTOTYPE_KEYS, resolvePath, settablePaths, typeOf } from './profile-schema';
import { closest, didYouMean } from '../terminal/suggest';

/** One parsed `--set`. */
export interface SetOverride {
  /** The argument as given. */
  readonly raw: string;
  /** The environment it is limited to (`ENV:` prefix), or undefined for every environment. */
  readonly environment?: string;
  /** The path in canonical form. */
  readonly path: string;
  /** Steps to the field. */
  readonly segments: readonly PathSegment[];
  /** The parsed, type-checked value. */
  readonly value: unknown;
}

const HELP_SET = "run 'shipyard-k8s synth --help-set' for every settable path";

/**
 * Parses `[ENV:]PATH=VALUE`. Throws a {@link UsageError} naming the argument and what is wrong: no `=`,
 * an unknown environment, an unknown path (with the closest settable paths), or a value that is not of
 * the field's type.
 */
function prototypeKeyIn(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) return key;
    const inner = prototypeKeyIn((value as Record<string, unknown>)[key]);
    if (inner) return inner;
  }
  return undefined;
}

export function parseSetArgument(raw: string, knownEnvironments: readonly string[]): SetOverride {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set "${raw}": expected PATH=VALUE (or ENV:PATH=VALUE), e.g. --set autoscaling.maxReplicas=10`);
  let lhs = raw.slice(0, eq).trim();
  const text = raw.slice(eq + 1);
  let environment: string | undefined;
  const prefixed = /^([^.:[\]]+):(.*)$/.exec(lhs);
  if (prefixed) {
    environment = prefixed[1];
    lhs = prefixed[2];
    if (!knownEnvironments.includes(environment)) {
      throw new UsageError(
        `--set "${raw}": unknown environment "${environment}"${didYouMean(environment, knownEnvironments)}; known environments: ${knownEnvironments.join(', ')}`,
      );
    }
  }
  let resolved;
  try {
    resolved = resolvePath(lhs);
  } catch (error) {
    if (!(error instanceof PathError)) throw error;
    const hint = didYouMean(lhs, candidatePaths(lhs));
    throw new UsageError(`--set "${raw}": unknown path "${lhs}": ${error.message}${hint}; ${HELP_SET}`);
  }
  let value: unknown;
  try {
    value = parseValue(text, resolved.schema, resolved.canonical);
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    throw new UsageError(`--set "${raw}": ${error.message}`);
  }
  const prototypeKey = prototypeKeyIn(value);
  if (prototypeKey) throw new UsageError(`--set "${raw}": the value has the key "${prototypeKey}", which is not allowed (it would reach Object.prototype)`);
  return { raw, ...(environment ? { environment } : {}), path: resolved.canonical, segments: resolved.segments, value };
}

/** The settable paths with their `<name>`, `<key>` and `[N]` placeholders filled from what the user typed. */
function candidatePaths(typed: string): string[] {
  const typedTokens = typed.split('.');
  const same = (a: string | undefined, b: string) => a !== undefined && a.replace(/\[\d+\]$/, '').toLowerCase() === b.replace(/\[N\]$/, '').toLowerCase();
  return settablePaths().map((p) => {
    const tokens = p.path.split('.');
    // A placeholder takes what was typed at its place only when everything before it was typed alike.
    return tokens
      .map((token, i) => {
        const prefixMatches = tokens.slice(0, i).every((t, j) => t.startsWith('<') || same(typedTokens[j], t));
        if ((token === '<name>' || token === '<key>') && prefixMatches) return typedTokens[i] ?? token;
        if (token.endsWith('[N]')) return token.slice(0, -3) + (/\[\d+\]$/.exec(typedTokens[i] ?? '')?.[0] ?? '[0]');
        return token;
      })
      .join('.');
  });
}

/** A value that does not fit the field's type. */
export class ValueError extends Error {}

/**
 * Parses a command-line value as the field's type: numbers, integers, booleans (`true`/`false`),
 * enums, strings as they are; lists of plain values comma-separated or as JSON; objects and lists
 * of objects as JSON. Throws {@link ValueError}.
 */
export function parseValue(text: string, schema: JsonSchema, path: string): unknown {
  const s = deref(schema);
  const type = typeOf(s);
  if (type === 'array' || type === 'object') {
    const trimmed = text.trim();
    let value: unknown;
    if (type === 'array' && !trimmed.startsWith('[')) {
      const items = deref(s.items ?? {});
      if (!isScalar(items)) throw new ValueError(`${path} is a ${describeType(s)}: give it as a JSON array, e.g. '[{...}]'`);
      value = trimmed === '' ? [] : trimmed.split(',').map((part, i) => parseValue(part.trim(), items, `${path}[${i}]`));
    } else {
      try {
        value = JSON.parse(trimmed);
      } catch (error) {
        throw new ValueError(`${path} is a ${describeType(s)} and "${text}" is not valid JSON (${(error as Error).message})`);
      }
    }
    const problem = checkValue(value, s, path);
    if (problem) throw new ValueError(problem);
    return value;
  }
  const value = parseScalar(text, s, path);
  const problem = checkValue(value, s, path);
  if (problem) throw new ValueError(problem);
  return value;
}

function parseScalar(text: string, s: JsonSchema, path: string): unknown {
  const type = typeOf(s);
  if (type === 'number' || type === 'integer') {
    const t = text.trim();
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) throw new ValueError(`${path} is ${type === 'integer' ? 'an integer' : 'a number'}; "${text}" is not a number`);
    return Number(t);
  }
  if (type === 'boolean') {
    const t = text.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
    throw new ValueError(`${path} is a boolean; "${text}" is neither true nor false`);
  }
  return text;
}

/** Checks a parsed value against the schema; returns the first problem, naming the field. */
/** A value for a message: JSON, except numbers JSON cannot hold (1e999 reads as Infinity, which JSON prints as null). */
const shownValue = (value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value));

export function checkValue(value: unknown, schema: JsonSchema, path: string): string | undefined {
  const s = deref(schema);
  if (s.enum) {
    if (!s.enum.some((e) => e === value)) {
      const options = s.enum.map(String);
      return `${path} must be one of ${options.join(' | ')}; got ${JSON.stringify(value)}${didYouMean(String(value), options, 1)}`;
    }
    return undefined;
  }
  const type = typeOf(s);
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `${path} must be a string; got ${JSON.stringify(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${path} must be a finite number; got ${shownValue(value)}`;
    case 'integer':
      return Number.isInteger(value) ? undefined : `${path} must be an integer; got ${shownValue(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${path} must be true or false; got ${JSON.stringify(value)}`;
    case 'array': {
      if (!Array.isArray(value)) return `${path} must be a list; got ${JSON.stringify(value)}`;
      for (let i = 0; i < value.length; i++) {
        const problem = checkValue(value[i], s.items ?? {}, `${path}[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} must be a JSON object; got ${JSON.stringify(value)}`;
      const record = value as Record<string, unknown>;
      const properties = s.properties ?? {};
      for (const name of s.required ?? []) {
        if (record[name] === undefined) return `${path}.${name} is required`;
      }
      for (const [name, v] of Object.entries(record)) {
        const child = properties[name] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        if (!child) {
          if (s.additionalProperties === false || Object.keys(properties).length > 0) {
            return `${path} has no field "${name}"${didYouMean(name, Object.keys(properties))}`;
          }
          continue;
        }
        const problem = checkValue(v, child, `${path}.${name}`);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

type Mutable = Record<string, unknown> | unknown[];

/** The overrides that apply to environment `name`: those for every environment and those scoped to it. */
export function overridesFor(overrides: readonly SetOverride[], name: string): SetOverride[] {
  return overrides.filter((o) => o.environment === undefined || o.environment === name);
}

/**
 * A copy of `profile` with the overrides that apply to it (those without an environment, and those for
 * its name), in order. Missing objects on the way are created (`services.checkout` when the profile has
 * no `services`); list entries must exist. The result is not yet validated: pass it to `new Environment`.
 */
export function applyOverrides(profile: EnvironmentProfile, overrides: readonly SetOverride[]): EnvironmentProfile {
  const copy = structuredClone(profile) as unknown as Record<string, unknown>;
  for (const o of overridesFor(overrides, profile.name)) {
    let target: Mutable = copy;
    o.segments.forEach((segment, i) => {
      const last = i === o.segments.length - 1;
      const here = formatPath(o.segments.slice(0, i + 1));
      if (segment.kind === 'index') {
        if (!Array.isArray(target)) throw new UsageError(`--set "${o.raw}": ${formatPath(o.segments.slice(0, i))} is not a list in environment "${profile.name}"`);
        if (segment.index >= target.length) {
          throw new UsageError(
            `--set "${o.raw}": environment "${profile.name}" has ${target.length} entr${target.length === 1 ? 'y' : 'ies'} in ${formatPath(o.segments.slice(0, i))}, so ${here} does not exist; set the whole list as JSON instead`,
          );
        }
        if (last) target[segment.index] = structuredClone(o.value);
        else target = ensureContainer(target, segment.index, o.segments[i + 1], o, profile.name, here);
      } else {
        if (Array.isArray(target)) throw new UsageError(`--set "${o.raw}": ${formatPath(o.segments.slice(0, i))} is a list in environment "${profile.name}"`);
        if (last) target[segment.name] = structuredClone(o.value);
        else target = ensureContainer(target, segment.name, o.segments[i + 1], o, profile.name, here);
      }
    });
  }
  return copy as unknown as EnvironmentProfile;
}

function ensureContainer(parent: Mutable, key: string | number, next: PathSegment, o: SetOverride, env: string, here: string): Mutable {
  const container = parent as Record<string | number, unknown>;
  const existing = container[key];
  if (typeof existing === 'object' && existing !== null) return existing as Mutable;
  if (next.kind === 'index') {
    throw new UsageError(`--set "${o.raw}": ${here} is not set in environment "${env}", so it has no entry [${next.index}]; set the whole list as JSON instead`);
  }
  const created: Record<string, unknown> = {};
  container[key] = created;
  return created;
}

/** Service names (`services.<name>`) the overrides for `environment` mention. */
export function serviceNamesIn(overrides: readonly SetOverride[], environment: string): { name: string; raw: string }[] {
  return overridesFor(overrides, environment)
    .filter((o) => o.segments[0]?.kind === 'property' && o.segments[0].name === 'services')
    .flatMap((o) => {
      const second = o.segments[1];
      if (second?.kind === 'key') return [{ name: second.name, raw: o.raw }];
      if (second === undefined && typeof o.value === 'object' && o.value !== null) return Object.keys(o.value).map((name) => ({ name, raw: o.raw }));
      return [];
    });
}

/** Throws a usage error when a `services.<name>` override names no workload of the environment. */
export function checkServiceNames(overrides: readonly SetOverride[], environment: string, workloads: readonly string[]): void {
  for (const { name, raw } of serviceNamesIn(overrides, environment)) {
    if (!workloads.includes(name)) {
      const near = closest(name, workloads, 3);
      throw new UsageError(
        `--set "${raw}": environment "${environment}" has no service "${name}"${near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : ''}; its services are ${[...workloads].sort().join(', ')}`,
      );
    }
  }
}
