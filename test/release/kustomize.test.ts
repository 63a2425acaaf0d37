import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PLATFORM_PROFILES, shopPlatform } from '../../src/platform';
import { renderAll } from '../../src/synth/synth';
import { shopEnvironments } from '../support/render';
import { writeOutput } from '../../src/synth/write-output';
import { kubectl } from '../support/kubectl';

const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null);

describe('the kustomization (Kustomization)', () => {
  const outputs = renderAll(shopEnvironments(PLATFORM_PROFILES), shopPlatform);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-kustomize-'));
  writeOutput(outdir, outputs);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test.each(outputs.map((o) => o.name))('kubectl kustomize dist/%s renders exactly the objects of the files, in apply order', (env) => {
    const out = outputs.find((o) => o.name === env)!;
    const rendered = execFileSync(kubectl(), ['kustomize', path.join(outdir, env)], { encoding: 'utf8', timeout: 60_000 });
    const manifestFiles = [...out.files.keys()].filter((f) => /^\d\d-.*\.yaml$/.test(f));
    const expected = manifestFiles.flatMap((f) => docs(out.files.get(f)!));
    expect(expected.length).toBe(out.objectCount);
    expect(docs(rendered)).toEqual(expected);
  });

  // kubectl apply -f DIR reads every top-level file whose extension is .json, .yaml or .yml as objects
  // (k8s.io/cli-runtime resource.FileExtensions; sub-directories only with -R). The release files must
  // not be among them, or `kubectl apply -f dist/<env>/` fails on them.
  test.each(outputs.map((o) => o.name))('kubectl apply -f dist/%s/ reads only the manifest files, each document an object', (env) => {
    const dir = path.join(outdir, env);
    const read = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && ['.json', '.yaml', '.yml'].includes(path.extname(e.name))).map((e) => e.name).sort();
    const out = outputs.find((o) => o.name === env)!;
    expect(read).toEqual(docs(out.files.get('Kustomization')!)[0].resources);
    for (const f of read) for (const d of docs(fs.readFileSync(path.join(dir, f), 'utf8'))) expect(d).toEqual(expect.objectContaining({ apiVersion: expect.any(String), kind: expect.any(String) }));
  });

  test('it lists the files of apply.sh in the same order', () => {
    for (const out of outputs) {
      const script = out.files.get('apply.sh')!;
      const applied = [...script.matchAll(/ -f (\S+)/g)].map((m) => m[1]);
      const listed = docs(out.files.get('Kustomization')!)[0].resources;
      expect(listed).toEqual(applied);
    }
  });
});
