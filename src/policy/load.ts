import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { asObject } from './k8s';
import { CheckedObject } from './types';

/**
 * Reads every *.yaml / *.yml file of `dir` (not its subdirectories, in name order), every document of each,
 * into objects to check. `kind: List` documents are expanded. Throws on YAML syntax errors, naming the file.
 */
export function loadManifestDir(dir: string): CheckedObject[] {
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => e.name)
    .sort();
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
