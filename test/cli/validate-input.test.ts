import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, hasStackTrace, runCli } from './run-cli';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: kube-system}\ndata: {a: "b"}\n';

/** A flat directory holding one file with these bytes. */
function dirWith(bytes: Buffer | string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-validate-'));
  fs.writeFileSync(path.join(dir, 'a.yaml'), bytes);
  return dir;
}

beforeAll(() => buildCli());

describe('validate refuses what kubectl or the API server would', () => {
  test('a valid file passes (a UTF-8 byte-order mark is fine)', async () => {
    const r = await runCli(['validate', dirWith(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONFIG_MAP)]))]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });

  test.each([
    ['non-UTF-8 bytes', Buffer.from(CONFIG_MAP.replace('"b"', '"caf\u00e9"'), 'latin1'), /a\.yaml: line 4 is not UTF-8; the API server accepts UTF-8 only/],
    ['UTF-16 with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIG_MAP, 'utf16le')]), /a\.yaml: is UTF-16 .* convert it with iconv/],
    ['UTF-16 without a byte-order mark', Buffer.from(CONFIG_MAP, 'utf16le'), /a\.yaml: has a NUL byte at offset 1/],
    ['a plain sentence', 'This YAML file is a plain sentence.\n', /a\.yaml: document 1 is a string \("This YAML file is a plain sentence\."\), not a Kubernetes object/],
    ['a list', '- a\n- b\n', /document 1 is a list, not a Kubernetes object/],
  ])('%s: exit 1, one message naming the file', async (_name, bytes, message) => {
    const r = await runCli(['validate', dirWith(bytes)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  test('a 3 MiB ConfigMap is refused', async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: kube-system}\ndata:\n  a.txt: "${'x'.repeat(3 * 1024 * 1024)}"\n`;
    const r = await runCli(['validate', dirWith(big)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/config-data-size: data: 3145728 bytes; a ConfigMap holds at most 1048576/);
    expect(r.stdout).toMatch(/object-size: the object takes \d+ bytes; the API server \(etcd\) stores at most 1572864/);
  });

  test('a catalog kind with a typo fails its schema; a kind without a schema fails unless vouched for', async () => {
    const dir = dirWith(
      'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: web, namespace: kube-system}\n' +
        'spec: {secretName: web-tls, dnsNames: [shop.example.com], issuerRef: {name: le, kind: ClusterIssuer}, duratoin: 2160h}\n' +
        '---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: kube-system}\nspec: {size: 3}\n',
    );
    const plain = await runCli(['validate', dir]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/Certificate kube-system\/web .* violates schema: spec\.duratoin: unknown field/);
    expect(plain.stdout).toMatch(/Widget kube-system\/w .* violates schema: \(root\): no schema for kind "Widget"/);
    const trusted = await runCli(['validate', dir, '--trust-kind', 'example.com/Widget']);
    expect(trusted.stdout).not.toMatch(/Widget kube-system\/w .* violates schema/);
    expect(trusted.stdout).toMatch(/Certificate kube-system\/web .* violates schema: spec\.duratoin: unknown field/);
    const bad = await runCli(['validate', dir, '--trust-kind', 'Widget']);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/--trust-kind "Widget" is not GROUP\/KIND of a custom resource/) });
  });
});
