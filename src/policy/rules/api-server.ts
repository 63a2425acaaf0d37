/**
 * What the API server refuses that schema validation does not catch: object names per kind, annotation
 * keys and their total size, ConfigMap/Secret size and keys, storage requests of zero, and objects too
 * big to store (or to `kubectl apply` client-side).
 */
import { parseQuantity } from '../../manifests/quantity';
import { nameRuleOf } from '../../manifests/names';
import { asObject, dig, Json, objectsOf } from '../k8s';
import { labelKeyProblem } from '../labels';
import { IndexedObject } from '../object-index';
import { SCHEMA_BUNDLE } from '../schema/validator';
import { PolicyRule, RuleRun } from '../types';

/** Total size of an object's annotations (keys and values) the API server accepts. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** Size of a ConfigMap's or Secret's data the API server accepts. */
export const MAX_CONFIG_DATA_BYTES = 1024 * 1024;
/** etcd's default request limit (`--max-request-bytes`): a bigger object cannot be stored. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
/** `kubectl apply` (client-side) copies the object into an annotation, which holds at most 256 KiB. */
export const MAX_CLIENT_APPLY_BYTES = 256 * 1024;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function builtIn(o: IndexedObject): boolean {
  const entry = SCHEMA_BUNDLE.kinds[`${o.apiVersion}/${o.kind}`];
  return entry === undefined ? !o.apiVersion.includes('.') || o.apiVersion.includes('.k8s.io/') : entry.ref.startsWith('io.k8s.');
}

export const objectNameRule: PolicyRule = {
  id: 'object-name',
  severity: 'error',
  rationale: 'The API server refuses an object whose name breaks its kind\'s rule (a Service name is a DNS label starting with a letter; most names are DNS subdomains); "Search_API" is refused.',
  fix: 'Give the construct an id of lower-case letters, digits and "-" (it becomes the object name).',
  check(run) {
    for (const o of run.index.all) {
      const name = dig(o.manifest, 'metadata', 'name');
      if (typeof name !== 'string') continue; // the schema rule reports a missing or non-string name
      const rule = nameRuleOf(o.kind, builtIn(o));
      if (!rule.test(name)) run.report(o, `metadata.name ${JSON.stringify(name)}: a ${o.kind} name must be ${rule.rule}`);
      const ns = dig(o.manifest, 'metadata', 'namespace');
      if (typeof ns === 'string' && !nameRuleOf('Namespace', true).test(ns)) run.report(o, `metadata.namespace ${JSON.stringify(ns)}: must be ${nameRuleOf('Namespace', true).rule}`);
    }
  },
};

function checkAnnotations(run: RuleRun, o: IndexedObject, at: string, annotations: unknown): void {
  const map = asObject(annotations);
  if (!map) return;
  let total = 0;
  for (const [key, value] of Object.entries(map)) {
    const problem = labelKeyProblem(key);
    if (problem) run.report(o, `${at}: invalid annotation key ${JSON.stringify(key)}: ${problem.replace(/label key/g, 'annotation key')}`);
    total += bytes(key) + (typeof value === 'string' ? bytes(value) : 0);
  }
  if (total > MAX_ANNOTATIONS_BYTES) run.report(o, `${at}: annotations take ${total} bytes; the API server accepts at most ${MAX_ANNOTATIONS_BYTES} (256 KiB) in total`);
}

export const annotationsRule: PolicyRule = {
  id: 'valid-annotations',
  severity: 'error',
  rationale: 'The API server refuses annotation keys that break the qualified-name syntax and annotations over 256 KiB in total.',
  fix: 'Use keys like "example.com/name"; move large values into a ConfigMap.',
  check(run) {
    for (const o of run.index.all) {
      checkAnnotations(run, o, 'metadata.annotations', dig(o.manifest, 'metadata', 'annotations'));
      if (o.pod && o.pod.metadataPath !== 'metadata') checkAnnotations(run, o, `${o.pod.metadataPath}.annotations`, dig(o.manifest, ...o.pod.metadataPath.split('.'), 'annotations'));
    }
  },
};

function dataSize(o: IndexedObject): { size: number; keys: string[] } {
  const m = o.manifest;
  const keys: string[] = [];
  let size = 0;
  const add = (field: string, decode: (v: string) => number) => {
    for (const [k, v] of Object.entries(asObject(m[field]) ?? {})) {
      keys.push(k);
      if (typeof v === 'string') size += decode(v);
    }
  };
  if (o.kind === 'ConfigMap') {
    add('data', bytes);
    add('binaryData', (v) => Buffer.from(v, 'base64').length);
  } else {
    add('data', (v) => Buffer.from(v, 'base64').length);
    add('stringData', bytes);
  }
  return { size, keys };
}

export const configDataRule: PolicyRule = {
  id: 'config-data-size',
  severity: 'error',
  rationale: 'The API server refuses a ConfigMap or Secret whose data exceeds 1 MiB, or whose keys are not file-name-like.',
  fix: 'Split the data over several ConfigMaps/Secrets, or mount large files from a volume; use keys of letters, digits, "-", "_" and ".".',
  check(run) {
    for (const o of [...run.index.ofKind('ConfigMap'), ...run.index.ofKind('Secret')]) {
      if (o.apiVersion !== 'v1') continue;
      const { size, keys } = dataSize(o);
      if (size > MAX_CONFIG_DATA_BYTES) run.report(o, `data: ${size} bytes; a ${o.kind} holds at most ${MAX_CONFIG_DATA_BYTES} (1 MiB)`);
      for (const k of keys) {
        if (!CONFIG_KEY.test(k) || k.length > 253 || k === '.' || k === '..') {
          run.report(o, `data key ${JSON.stringify(k)}: must be letters, digits, "-", "_" or "." (at most 253, not "." or "..")`);
        }
      }
    }
  },
};

function storageRequests(o: IndexedObject): { at: string; spec: Json }[] {
  if (o.kind === 'PersistentVolumeClaim') return [{ at: 'spec', spec: asObject(o.manifest.spec) ?? {} }];
  return objectsOf(dig(o.manifest, 'spec', 'volumeClaimTemplates')).map((t, i) => ({ at: `spec.volumeClaimTemplates[${i}].spec`, spec: asObject(t.spec) ?? {} }));
}

export const storageRequestRule: PolicyRule = {
  id: 'storage-request',
  severity: 'error',
  rationale: 'The API server refuses a volume claim that requests no storage or zero bytes ("0Gi").',
  fix: 'Request a positive size, like 10Gi.',
  check(run) {
    for (const o of [...run.index.ofKind('PersistentVolumeClaim'), ...run.index.ofKind('StatefulSet')]) {
      for (const { at, spec } of storageRequests(o)) {
        const storage = dig(spec, 'resources', 'requests', 'storage');
        if (storage === undefined) {
          run.report(o, `${at}.resources.requests.storage: is required`);
          continue;
        }
        let value: number;
        try {
          value = parseQuantity(storage as string | number);
        } catch {
          continue; // the schema rule reports the syntax
        }
        if (!(value > 0)) run.report(o, `${at}.resources.requests.storage ${JSON.stringify(storage)}: must be greater than zero`);
      }
    }
  },
};

export const objectSizeRule: PolicyRule = {
  id: 'object-size',
  severity: 'error',
  rationale: 'etcd stores at most 1.5 MiB per object, and `kubectl apply` (client-side) fails for objects over 256 KiB, whose copy it keeps in an annotation.',
  fix: 'Split the object (e.g. one ConfigMap per file), or apply with `kubectl apply --server-side` when only the 256 KiB limit is hit.',
  check(run) {
    for (const o of run.index.all) {
      const text = run.ctx.memo ? run.ctx.memo.json(o.manifest) : JSON.stringify(o.manifest);
      // UTF-8 takes at most 3 bytes per UTF-16 unit: most objects are far below the limit without counting.
      if (text.length * 3 <= MAX_CLIENT_APPLY_BYTES) continue;
      const size = bytes(text);
      if (size > MAX_OBJECT_BYTES) run.report(o, `the object takes ${size} bytes; the API server (etcd) stores at most ${MAX_OBJECT_BYTES} (1.5 MiB)`);
      else if (size > MAX_CLIENT_APPLY_BYTES) {
        run.report(o, `the object takes ${size} bytes; \`kubectl apply\` without --server-side fails above ${MAX_CLIENT_APPLY_BYTES} (its last-applied annotation)`);
      }
    }
  },
};

export const API_SERVER_RULES: readonly PolicyRule[] = [objectNameRule, annotationsRule, configDataRule, storageRequestRule, objectSizeRule];
