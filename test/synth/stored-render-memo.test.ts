/**
 * The stored render memo: a synth process reuses the YAML and hashes of the objects the last synth of
 * the project wrote, and its output stays byte for byte what a synth without it writes.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PLATFORM_PROFILES, shopPlatform } from '../../src/platform';
import { sharedSchemaValidator } from '../../src/policy';
import { renderFiles } from '../../src/synth/render-files';
import { StoredRenderMemo } from '../../src/synth/stored-render-memo';
import { shopEnvironments } from '../support/render';

const files = (outputs: ReturnType<typeof renderFiles>) => outputs.map((o) => [o.name, [...o.files]]);
const edited = (chart: Parameters<typeof shopPlatform>[0]) => {
  shopPlatform(chart);
  for (const o of chart.node.findAll()) if (ApiObject.isApiObject(o) && o.kind === 'ConfigMap') o.addJsonPatch(JsonPatch.add('/data/edited', 'yes'));
};

describe('StoredRenderMemo', () => {
  let dir: string;
  const saved = process.env.SHIPYARD_RENDER_CACHE;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-cache-'));
    process.env.SHIPYARD_RENDER_CACHE = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.SHIPYARD_RENDER_CACHE;
    else process.env.SHIPYARD_RENDER_CACHE = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a second synth gets every object from the store, and writes the same files; an edit is dumped afresh', () => {
    const plain = files(renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform));
    const first = StoredRenderMemo.open('/project/shipyard.config.ts')!;
    expect(files(renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform, { memo: first }))).toEqual(plain);
    first.save();
    const [file] = fs.readdirSync(dir);
    const stored = fs.statSync(path.join(dir, file)).mtimeMs;

    const second = StoredRenderMemo.open('/project/shipyard.config.ts')!;
    expect(files(renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform, { memo: second }))).toEqual(plain);
    second.save();
    // Nothing new and nothing unused: the store is not rewritten.
    expect(fs.statSync(path.join(dir, file)).mtimeMs).toBe(stored);

    const third = StoredRenderMemo.open('/project/shipyard.config.ts')!;
    const after = files(renderFiles(shopEnvironments(PLATFORM_PROFILES), edited, { memo: third }));
    expect(after).toEqual(files(renderFiles(shopEnvironments(PLATFORM_PROFILES), edited)));
    expect(JSON.stringify(after)).toContain("edited: 'yes'");
    third.save();
    expect(fs.readdirSync(dir)).toEqual([file]);
  });

  test('schema issues are reused only from a validator with the same key', () => {
    const validator = sharedSchemaValidator();
    const spy = jest.spyOn(validator, 'validate');
    const render = () => {
      const memo = StoredRenderMemo.open('/project/shipyard.config.ts')!;
      spy.mockClear();
      const out = files(renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform, { memo }));
      memo.save();
      return { out, calls: spy.mock.calls.length };
    };
    const first = render();
    const second = render();
    expect(second.out).toEqual(first.out);
    // Only the GitOps objects (checked outside the memo) are validated again.
    expect(second.calls).toBeLessThan(first.calls / 4);
    const [file] = fs.readdirSync(dir);
    const data = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { validator: string };
    expect(data.validator).toBe(validator.key);
    fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...data, validator: 'another validator' }));
    expect(render().calls).toBe(first.calls);
    spy.mockRestore();
  });

  test('a store written by other code (another key) is not used; another project has its own file; empty SHIPYARD_RENDER_CACHE turns it off', () => {
    const memo = StoredRenderMemo.open('/project/shipyard.config.ts')!;
    renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform, { memo });
    memo.save();
    const [file] = fs.readdirSync(dir);
    const data = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { key: string; entries: Record<string, { y?: string; h?: string }> };
    for (const e of Object.values(data.entries)) e.y = 'poisoned: true\n';
    fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...data, key: 'written by another version' }));
    const again = StoredRenderMemo.open('/project/shipyard.config.ts')!;
    expect(JSON.stringify(files(renderFiles(shopEnvironments(PLATFORM_PROFILES), shopPlatform, { memo: again })))).not.toContain('poisoned');

    StoredRenderMemo.open('/other/shipyard.config.ts')!.save();
    renderFiles(shopEnvironments(PLATFORM_PROFILES.slice(0, 1)), shopPlatform, { memo: StoredRenderMemo.open('/other/shipyard.config.ts')! });
    expect(fs.readdirSync(dir).length).toBe(1);
    // A store of another code version sits beside this one until it is among the oldest.
    fs.writeFileSync(path.join(dir, `${file.slice(0, 17)}${'0'.repeat(16)}.json`), '{}');
    const other = StoredRenderMemo.open('/project/shipyard.config.ts')!;
    renderFiles(shopEnvironments(PLATFORM_PROFILES), edited, { memo: other });
    other.save();
    expect(fs.readdirSync(dir).length).toBe(2);
    process.env.SHIPYARD_RENDER_CACHE = '';
    expect(StoredRenderMemo.open('/project/shipyard.config.ts')).toBeUndefined();
  });
});
