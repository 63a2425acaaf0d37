/**
 * renderFiles: the files renderAll would write, on one thread or several. The parallel path runs in a
 * real process (worker threads load the entry point through scripts/run-ts.js), as synth runs it.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PLATFORM_PROFILES, shopPlatform } from '../../src/platform';
import { toYaml } from '../../src/synth/manifest-yaml';
import { renderFiles } from '../../src/synth/render-files';
import { RenderMemo } from '../../src/synth/render-memo';
import { sharedSchemaValidator, SchemaValidator } from '../../src/policy';
import { renderAll, SynthFailedError } from '../../src/synth/synth';
import { snapshotDir } from '../support/fs';
import { shopEnvironments } from '../support/render';

const ROOT = path.join(__dirname, '../..');

describe('renderFiles', () => {
  test('writes what renderAll renders, reports each environment with its objects, keeps no objects', () => {
    const seen: string[] = [];
    const lean = renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform, { onEnvironment: (o) => seen.push(`${o.name}:${o.manifests?.length}`) });
    const full = renderAll(shopEnvironments(PLATFORM_PROFILES), shopPlatform);
    expect(lean.map((o) => o.name)).toEqual(full.map((o) => o.name));
    for (const [i, o] of lean.entries()) {
      expect([...o.files]).toEqual([...full[i].files]);
      expect(o.objectCount).toBe(full[i].manifests.length);
      expect('manifests' in o).toBe(false);
    }
    expect(seen).toEqual(full.map((o) => `${o.name}:${o.manifests.length}`));
  });

  test('with a render memo (synth --watch) the files are the same, render after render', () => {
    const plain = renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform);
    const memo = new RenderMemo();
    for (let i = 0; i < 3; i++) {
      const memoized = renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform, { memo });
      memo.nextRender();
      expect(memoized.map((o) => [...o.files])).toEqual(plain.map((o) => [...o.files]));
    }
    // A changed object is dumped afresh, an unchanged one comes from the memo.
    const m = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { on: 'yes' } };
    expect(memo.yaml(m)).toBe(toYaml(m));
    expect(memo.yaml({ ...m, data: { on: 'no' } })).toBe(toYaml({ ...m, data: { on: 'no' } }));
  });

  test('the render memo remembers schema results per object and validator, and a broken object still fails', () => {
    const memo = new RenderMemo();
    const good = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } };
    const bad = { ...good, data: { k: 1 } };
    const validator = sharedSchemaValidator();
    expect(memo.schemaIssues(good, validator)).toEqual([]);
    expect(memo.schemaIssues(bad, validator)).toEqual(validator.validate(bad));
    expect(memo.schemaIssues(bad, validator).length).toBeGreaterThan(0);
    // Another validator (a reloaded schema module) is asked again, not answered from the memo.
    const other = new SchemaValidator();
    const spy = jest.spyOn(other, 'validate');
    memo.schemaIssues(good, other);
    memo.schemaIssues(good, other);
    expect(spy).toHaveBeenCalledTimes(1);
    // A render that breaks an object is caught with the memo warm.
    const broken = (chart: Parameters<typeof shopPlatform>[0]) => {
      shopPlatform(chart);
      for (const o of chart.node.findAll()) if (ApiObject.isApiObject(o) && o.kind === 'ConfigMap') o.addJsonPatch(JsonPatch.add('/data/number', 7));
    };
    renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform, { memo });
    memo.nextRender();
    expect(() => renderFiles(shopEnvironments(PLATFORM_PROFILES), broken, { memo })).toThrow(/schema.*data\.number/s);
  });

  test('collects every failing environment, as renderAll does', () => {
    const broken = (chart: Parameters<typeof shopPlatform>[0]) => {
      shopPlatform(chart);
      chart.node.addValidation({ validate: () => ['broken on purpose'] });
    };
    expect(() => renderFiles(shopEnvironments(PLATFORM_PROFILES), broken)).toThrow(SynthFailedError);
    try {
      renderFiles(shopEnvironments(PLATFORM_PROFILES), broken);
    } catch (e) {
      expect((e as SynthFailedError).failures.map((f) => f.environment)).toEqual(PLATFORM_PROFILES.map((p) => p.name));
    }
  });

  test('on two threads (a worker renders half the environments) the files are byte for byte the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-files-'));
    try {
      const run = (jobs: string) => {
        const out = path.join(dir, `jobs-${jobs}`);
        const line = execFileSync(process.execPath, [path.join(ROOT, 'scripts/run-ts.js'), path.join(ROOT, 'bench/scale-main.ts'), '12', out, '--jobs', jobs], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
        });
        return { summary: JSON.parse(line.trim().split('\n').pop()!), files: snapshotDir(out) };
      };
      const one = run('1');
      const two = run('2');
      expect(two.summary.environments).toEqual(['minikube', 'staging', 'gke', 'baremetal']);
      expect(Object.keys(two.files).length).toBeGreaterThan(8);
      expect(two.files).toEqual(one.files);
      expect(two.summary.objects).toBe(one.summary.objects);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
