import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { asObject } from './k8s';
import { CheckedObject } from './types';

/** File names kustomize reads as a directory's kustomization (they hold no objects). */
export const KUSTOMIZATION_FILES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The manifest files of a directory, in apply order: the `resources` of its kustomization when it has
 * one (as `kubectl apply -k` reads it; only local files), otherwise every *.yaml / *.yml file (not
 * subdirectories) in name order.
 */
export function manifestFilesOf(dir: string): string[] {
  const kustomization = KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (kustomization) {
    const doc = asObject(parseAllDocuments(fs.readFileSync(kustomization, 'utf8'))[0]?.toJS());
    const resources = Array.isArray(doc?.resources) ? doc.resources.filter((r): r is string => typeof r === 'string') : [];
    return resources.filter((r) => fs.existsSync(path.join(dir, r)) && fs.statSync(path.join(dir, r)).isFile());
  }
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * Reads the manifest files of `dir` ({@link manifestFilesOf}), every document of each, into objects to
 * check. `kind: List` documents are expanded. Throws on YAML syntax errors, naming the file.
 */
export function loadManifestDir(dir: string): CheckedObject[] {
  const files = manifestFilesOf(dir);
  const out: CheckedObject[] = [];
  for (const file of files) out.push(...parseManifests(decodeManifestText(fs.readFileSync(path.join(dir, file)), file), file));
  return out;
}

/** The first line (1-based) that is not well-formed UTF-8 (a newline byte never sits inside a UTF-8 sequence), or 0. */
function firstNonUtf8Line(buf: Buffer): number {
  if (isUtf8(buf)) return 0;
  let start = 0;
  for (let line = 1; ; line++) {
    const end = buf.indexOf(0x0a, start);
    if (!isUtf8(buf.subarray(start, end < 0 ? buf.length : end))) return line;
    if (end < 0) return line;
    start = end + 1;
  }
}

/**
 * A manifest file's bytes as text, refusing what would not reach the API server intact: anything but
 * UTF-8 (a UTF-8 byte-order mark is dropped). kubectl converts UTF-16 with a byte-order mark, but
 * kustomize, Argo CD, Flux and `git diff` treat it as binary, so it is refused too.
 */
export function decodeManifestText(bytes: Uint8Array, source: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new Error(`${source}: is UTF-16 (it starts with a UTF-16 byte-order mark); manifests are UTF-8: convert it with iconv -f UTF-16 -t UTF-8`);
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) throw new Error(`${source}: has a NUL byte at offset ${nul} (UTF-16 without a byte-order mark, or not text); manifests are UTF-8 text`);
  const bad = firstNonUtf8Line(buf);
  if (bad) throw new Error(`${source}: line ${bad} is not UTF-8; the API server accepts UTF-8 only`);
  const text = buf.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** Parses multi-document YAML text into objects to check; `source` names them (`file.yaml#1` for the 2nd document). */
export function parseManifests(text: string, source: string): CheckedObject[] {
  const out: CheckedObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${source}: document ${i + 1}: ${doc.errors[0].message}`);
    const js: unknown = doc.toJS();
    if (js === null || js === undefined) return; // an empty document, which kubectl skips too
    const value = asObject(js);
    if (!value) {
      const what = Array.isArray(js) ? 'a list' : `a ${typeof js} (${JSON.stringify(js).slice(0, 40)})`;
      throw new Error(`${source}: document ${i + 1} is ${what}, not a Kubernetes object (a mapping with apiVersion and kind)`);
    }
    if (value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item, j) => {
        const o = asObject(item);
        if (o) out.push({ manifest: o, source: `${source}#${i}.items[${j}]` });
      });
    } else {
      out.push({ manifest: value, source: `${source}#${i}` });
    }
  });
  return out;
}
