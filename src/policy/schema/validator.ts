import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { ErrorObject, ValidateFunction } from 'ajv';
import bundleIndex from '../generated/k8s-schemas.json';
import { CachedAjv } from './compile-cache';

/** The generated schema bundle (see scripts/policy-gen-schemas.js). */
export interface SchemaBundle {
  /** Kubernetes version of the built-in schemas (e.g. `1.28`). */
  readonly kubernetesVersion: string;
  /** Where each part of the bundle came from (name → source). */
  readonly sources: Readonly<Record<string, string>>;
  /** `apiVersion/kind` -> definition name and scope. */
  readonly kinds: Readonly<Record<string, { readonly ref: string; readonly namespaced: boolean }>>;
  /** JSON Schema definitions, by name. */
  readonly definitions: Readonly<Record<string, object>>;
  /**
   * sha256 (hex) of the JSON of `[kubernetesVersion, kinds, definitions]`, when it was computed ahead (the
   * generated bundle has it, so a synth neither hashes nor reads the definitions).
   * @default - computed from the bundle
   */
  readonly digest?: string;
}

/** sha256 of the JSON of `[kubernetesVersion, kinds, definitions]`: what a validator's cache key needs of a bundle. */
export function schemaBundleDigest(bundle: SchemaBundle): string {
  return createHash('sha256').update(JSON.stringify([bundle.kubernetesVersion, bundle.kinds, bundle.definitions])).digest('hex');
}

/** One schema violation: a dotted field path and what is wrong there. */
export interface SchemaIssue {
  /** Dotted field path (`spec.template.spec.containers[0].image`), `(root)` for the whole object. */
  readonly path: string;
  /** What is wrong there. */
  readonly message: string;
}

let definitions: Readonly<Record<string, object>> | undefined;

/**
 * The generated bundle (scripts/policy-gen-schemas.js). Its definitions (1 MB of JSON) are read on first
 * use: validators come from the compile cache, and Ajv needs the definitions only to compile a new one.
 */
export const SCHEMA_BUNDLE: SchemaBundle = {
  ...(bundleIndex as unknown as Omit<SchemaBundle, 'definitions'>),
  get definitions(): Readonly<Record<string, object>> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- read when first needed (see above)
    definitions ??= (require('../generated/k8s-schema-definitions.json') as { definitions: Record<string, object> }).definitions;
    return definitions;
  },
};

const MAX_ISSUES = 20;

/**
 * Validates objects against the generated strict schemas. One Ajv instance holds all definitions; a validator is
 * compiled the first time a kind is seen and then reused for every object of that kind.
 */
export class SchemaValidator {
  private readonly ajv: CachedAjv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly versionsOfKind = new Map<string, string[]>();

  constructor(private readonly bundle: SchemaBundle = SCHEMA_BUNDLE) {
    // Validators come from the compile cache (Ajv standalone code); the definitions are added to an Ajv
    // instance only when a kind has to be compiled.
    this.ajv = new CachedAjv(
      {
        allErrors: true,
        strict: true,
        strictTypes: false,
        strictTuples: false,
        strictRequired: false,
        allowUnionTypes: true,
        validateSchema: false,
      },
      (ajv) => ajv.addSchema({ $id: 'k8s', definitions: bundle.definitions }),
      bundle.digest ?? schemaBundleDigest(bundle),
    );
    for (const key of Object.keys(bundle.kinds)) {
      const cut = key.lastIndexOf('/');
      const kind = key.slice(cut + 1);
      const list = this.versionsOfKind.get(kind) ?? [];
      list.push(key.slice(0, cut));
      this.versionsOfKind.set(kind, list);
    }
  }

  /**
   * Identifies what {@link SchemaValidator.validate} returns for an object: the schemas, Ajv and its
   * options, and this module's code. Two validators with the same key give the same issues.
   */
  public get key(): string {
    this.cachedKey ??= createHash('sha256').update(this.ajv.key).update('\0').update(moduleCode()).digest('hex');
    return this.cachedKey;
  }

  private cachedKey?: string;

  /** Whether `apiVersion/kind` has a schema. */
  knows(apiVersion: string, kind: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.bundle.kinds, `${apiVersion}/${kind}`);
  }

  /** Scope of a known kind; undefined for kinds without a schema. */
  isNamespaced(apiVersion: string, kind: string): boolean | undefined {
    return this.knows(apiVersion, kind) ? this.bundle.kinds[`${apiVersion}/${kind}`].namespaced : undefined;
  }

  /** Every violation of the object's schema (at most 20, the last one saying how many were left out). */
  validate(manifest: Record<string, unknown>): SchemaIssue[] {
    const apiVersion = manifest.apiVersion;
    const kind = manifest.kind;
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      return [{ path: typeof apiVersion === 'string' && apiVersion !== '' ? 'kind' : 'apiVersion', message: 'required field is missing' }];
    }
    const issues: SchemaIssue[] = [];
    const validate = this.validatorFor(apiVersion, kind);
    if (!validate) {
      const known = this.versionsOfKind.get(kind);
      return [
        {
          path: '(root)',
          message:
            `no schema for kind "${kind}" in apiVersion "${apiVersion}" (Kubernetes ${this.bundle.kubernetesVersion} and the imported CRDs)` +
            (known ? `; "${kind}" exists in ${known.join(', ')}` : '; is the kind misspelled, or its CRD not imported?'),
        },
      ];
    }
    if (!validate(manifest)) issues.push(...toIssues(validate.errors ?? []));
    const metadata = manifest.metadata;
    if (
      metadata === undefined ||
      (typeof metadata === 'object' && metadata !== null && !('name' in metadata) && !('generateName' in metadata))
    ) {
      issues.push({ path: 'metadata.name', message: 'required field is missing' });
    }
    if (issues.length > MAX_ISSUES) {
      const left = issues.length - (MAX_ISSUES - 1);
      issues.splice(MAX_ISSUES - 1, issues.length, { path: '(root)', message: `${left} more schema violations not shown` });
    }
    return issues;
  }

  private validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      const entry = this.bundle.kinds[key];
      if (!this.knows(apiVersion, kind)) return undefined;
      fn = this.ajv.compile({ $ref: `k8s#/definitions/${entry.ref}` });
      this.compiled.set(key, fn);
    }
    return fn;
  }
}

let code: string | undefined;

/** This module's own code (what turns Ajv's errors into issues); in a bundle, the whole bundle. */
function moduleCode(): string {
  code ??= fs.readFileSync(__filename, 'utf8');
  return code;
}

let shared: SchemaValidator | undefined;

/** The process-wide validator (its compiled kinds are shared by every check run). */
export function sharedSchemaValidator(): SchemaValidator {
  shared ??= new SchemaValidator();
  return shared;
}

/** `/spec/containers/0/name` -> `spec.containers[0].name`; keys that are not identifiers are bracketed. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function join(path: string, field: string): string {
  return pointerToPath((path === '' ? '' : path) + '/' + field.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function toIssues(errors: readonly ErrorObject[]): SchemaIssue[] {
  const seen = new Set<string>();
  const out: SchemaIssue[] = [];
  const structural = errors.some((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  for (const e of errors) {
    // With allErrors, a failed anyOf/oneOf also reports its branches' errors; the branch errors say more.
    if (structural && (e.keyword === 'anyOf' || e.keyword === 'oneOf')) continue;
    let issue: SchemaIssue;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties') {
      issue = { path: join(e.instancePath, String(params.additionalProperty)), message: 'unknown field' };
    } else if (e.keyword === 'required') {
      issue = { path: join(e.instancePath, String(params.missingProperty)), message: 'required field is missing' };
    } else if (e.keyword === 'enum') {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map((v) => JSON.stringify(v)).join(', ') : '';
      issue = { path: pointerToPath(e.instancePath) || '(root)', message: `${e.message ?? 'invalid value'}: ${allowed}` };
    } else if (e.keyword === 'type') {
      const types = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type);
      issue = { path: pointerToPath(e.instancePath) || '(root)', message: `must be ${types}` };
    } else {
      issue = { path: pointerToPath(e.instancePath) || '(root)', message: e.message ?? `fails ${e.keyword}` };
    }
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}
