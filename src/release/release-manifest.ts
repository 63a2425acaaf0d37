/**
 * The release manifest (`release.json`) of an environment: every object (kind, namespace, name, the
 * stage and content hash), the files' hashes, the images, and the ApplySets, deterministic for the
 * same input. A site verifies what it runs against it; a rollback applies the previous release's
 * files with prune.
 */
import { createHash } from 'node:crypto';
import { containersOf, podTemplateOf } from '../policy/k8s';
import { Json } from '../manifests/json';
import { Manifest } from '../synth/manifest-files';
import { StagePlan } from './release-plan';

/** Format identifier of `release.json`. */
export const RELEASE_MANIFEST_FORMAT = 'shipyard-k8s/release/v1';

/** One object of a release. */
export interface ReleaseObject {
  /** API version. */
  readonly apiVersion: string;
  /** Kind. */
  readonly kind: string;
  /**
   * Namespace.
   * @default - absent for cluster-scoped objects
   */
  readonly namespace?: string;
  /** Name. */
  readonly name: string;
  /** Release stage (ApplySet) the object belongs to. */
  readonly stage: string;
  /** `sha256:` of the object's canonical JSON (keys sorted). */
  readonly sha256: string;
}

/** The ApplySet of a stage, as kubectl will record it on the parent. */
export interface ReleaseApplySet {
  /** Release stage. */
  readonly stage: string;
  /** The stage's files, in apply order. */
  readonly files: readonly string[];
  /** `--applyset` value (`secrets/NAME`). */
  readonly parent: string;
  /** Namespace of the parent (the `--namespace` of the stage's apply). */
  readonly namespace: string;
  /** `applyset.kubernetes.io/id` of the parent = `applyset.kubernetes.io/part-of` of the members. */
  readonly id: string;
  /** `applyset.kubernetes.io/contains-group-kinds` after the apply. */
  readonly containsGroupKinds: string;
}

/** The content of `release.json`. */
export interface ReleaseManifest {
  /** Format identifier ({@link RELEASE_MANIFEST_FORMAT}). */
  readonly format: string;
  /** Environment name. */
  readonly environment: string;
  /** Platform kind. */
  readonly platform: string;
  /** Namespace of the platform's objects. */
  readonly namespace: string;
  /**
   * The `--set` overrides (`[ENV:]PATH=VALUE`) the release was rendered with: a plain `synth` renders
   * something else. Absent when there were none.
   * @default - absent: rendered without overrides
   */
  readonly overrides?: readonly string[];
  /** `sha256:` over the files (name and content, in apply order). */
  readonly contentHash: string;
  /** The manifest files in apply order and the `sha256:` of each. */
  readonly files: readonly { readonly file: string; readonly sha256: string }[];
  /** The stages' ApplySets, in apply order. */
  readonly applySets: readonly ReleaseApplySet[];
  /** Every image a pod of the release runs, sorted. */
  readonly images: readonly string[];
  /** Every object, in apply order. */
  readonly objects: readonly ReleaseObject[];
}

const sha256 = (text: string) => 'sha256:' + createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted at every level: the same object always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(record[key]);
  }
  return out + '}';
}

/**
 * `sha256:` of an object's canonical JSON, as `release.json` lists it. Written by `JSON.stringify` (several
 * times faster than {@link canonicalJson}) of the object with its keys in sorted order: cdk8s's `toJson`
 * sorts them already, so only what was added after it (annotations, a ConfigMap's data) is copied in
 * order. Anything else than plain JSON data goes through {@link canonicalJson} itself.
 */
export function objectSha256(o: object): string {
  const sorted = sortedForm(o);
  return sha256(sorted === NOT_PLAIN ? canonicalJson(o) : JSON.stringify(sorted));
}

const NOT_PLAIN = Symbol('not plain JSON data');

/**
 * `value` with object keys in sorted order at every level, sharing every part that already is (the
 * value itself when all of it is); {@link NOT_PLAIN} for what `JSON.stringify` would write otherwise than
 * {@link canonicalJson}: `undefined` in an array, functions, class instances, and integer-like keys
 * (an object lists them first, whatever the order they were added in).
 */
function sortedForm(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return NOT_PLAIN;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = sortedForm(value[i]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let same = true;
  const values: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57 && INTEGER_KEY.test(key)) return NOT_PLAIN;
    if (i > 0 && !(keys[i - 1] < key)) same = false;
    const v = record[key];
    const item = v === undefined ? undefined : sortedForm(v);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (item !== v || v === undefined) same = false;
    values[i] = item;
  }
  if (same) return value;
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : 1));
  const out: Record<string, unknown> = {};
  for (const i of order) if (values[i] !== undefined) out[keys[i]] = values[i];
  return out;
}

/** Keys an object lists before all others, in numeric order (array indices). */
const INTEGER_KEY = /^(?:0|[1-9][0-9]*)$/;

/** Every image of the objects' pod templates (containers, init and sidecar containers), sorted, unique. */
export function imagesOf(objects: readonly Manifest[]): string[] {
  const images = new Set<string>();
  for (const o of objects) {
    const pod = podTemplateOf(o.kind, o as unknown as Json);
    if (!pod) continue;
    for (const c of containersOf(pod)) if (typeof c.container.image === 'string') images.add(c.container.image);
  }
  return [...images].sort();
}

/**
 * Builds the release manifest. `files` are the written texts in apply order; `objectHash` is
 * {@link objectSha256} or a memo of it.
 */
export function releaseManifest(
  environment: string,
  platform: string,
  namespace: string,
  files: ReadonlyMap<string, string>,
  plans: readonly StagePlan[],
  objectHash: (o: Manifest) => string = objectSha256,
  overrides: readonly string[] = [],
): ReleaseManifest {
  const fileList = [...files].map(([file, text]) => ({ file, sha256: sha256(text) }));
  const objects: ReleaseObject[] = plans.flatMap((plan) =>
    plan.objects.map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
      name: o.metadata?.name ?? '',
      stage: plan.stage,
      sha256: objectHash(o),
    })),
  );
  return {
    format: RELEASE_MANIFEST_FORMAT,
    environment,
    platform,
    namespace,
    ...(overrides.length ? { overrides: [...overrides] } : {}),
    contentHash: sha256(fileList.map((f) => `${f.file}\0${f.sha256}\n`).join('')),
    files: fileList,
    applySets: plans.map((p) => ({ stage: p.stage, files: p.files, parent: p.applySetFlag, namespace: p.namespace, id: p.applySetId, containsGroupKinds: p.groupKinds })),
    images: imagesOf(plans.flatMap((p) => p.objects)),
    objects,
  };
}

/** `release.json` text. */
export function releaseManifestJson(manifest: ReleaseManifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}
