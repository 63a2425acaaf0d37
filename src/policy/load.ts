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
  for (const file of files) out.push(...parseManifests(fs.readFileSync(path.join(dir, file), 'utf8'), file));
  return out;
}

/** Parses multi-document YAML text into objects to check; `source` names them (`file.yaml#1` for the 2nd document). */
export function parseManifests(text: string, source: string): CheckedObject[] {
  const out: CheckedObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`${source}: document ${i + 1}: ${doc.errors[0].message}`);
    const value = asObject(doc.toJS());
    if (!value) return;
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
