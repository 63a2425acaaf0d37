import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

/** The shared folder beside the repository (`../shared` from the repo root); SHARED_DIR overrides. */
export const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(__dirname, '../../../shared');
export const METALLB_CRD_DIR = path.join(SHARED_DIR, 'crds', 'metallb');

type JsonSchema = { [key: string]: unknown };

interface CrdVersion {
  readonly name: string;
  readonly schema?: { readonly openAPIV3Schema?: JsonSchema };
}

interface Crd {
  readonly kind: string;
  readonly spec: { readonly group: string; readonly names: { readonly kind: string }; readonly versions: readonly CrdVersion[] };
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of a CRD structural schema in which every object schema that declares `properties` and says
 * nothing about `additionalProperties` rejects unknown fields, as the API server's strict field
 * validation does (fields not in a structural schema are pruned or, with `fieldValidation=Strict`,
 * rejected). Objects marked `x-kubernetes-preserve-unknown-fields` stay open.
 */
export function rejectUnknownFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rejectUnknownFields);
  if (!isObject(schema)) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, rejectUnknownFields(sub)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not' || key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = rejectUnknownFields(value);
    } else {
      out[key] = value;
    }
  }
  if (isObject(out.properties) && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/** Every CRD in the MetalLB folder, keyed by `group/version` and kind. */
function loadCrdSchemas(): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  for (const file of fs.readdirSync(METALLB_CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(METALLB_CRD_DIR, file), 'utf8'))) {
      const crd = doc.toJS() as Crd | null;
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (schema) schemas.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, schema);
      }
    }
  }
  return schemas;
}

/** A manifest as synthesized (plain JSON). */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: unknown;
  readonly [key: string]: unknown;
}

/** Validates objects against the openAPIV3Schema of their CRD, unknown fields rejected. */
export class CrdValidator {
  private readonly schemas = loadCrdSchemas();
  private readonly ajv = new Ajv({ allErrors: true, strict: false })
    .addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 })
    .addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  private readonly compiled = new Map<string, ValidateFunction>();

  /** The `group/version Kind` keys of every loaded CRD version. */
  public get kinds(): string[] {
    return [...this.schemas.keys()];
  }

  /** Schema errors of one object, formatted `path: message`; empty when it is valid. */
  public errors(manifest: Manifest): string[] {
    const key = `${manifest.apiVersion} ${manifest.kind}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const schema = this.schemas.get(key);
      if (!schema) return [`no CRD in ${METALLB_CRD_DIR} defines ${key}`];
      validate = this.ajv.compile(rejectUnknownFields(schema) as JsonSchema);
      this.compiled.set(key, validate);
    }
    const where = `${manifest.kind}/${manifest.metadata.name}`;
    if (validate(manifest)) return [];
    return (validate.errors ?? []).map((e: ErrorObject) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
      return `${where}${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
    });
  }
}
