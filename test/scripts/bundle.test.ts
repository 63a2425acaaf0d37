/**
 * scripts/bundle.js's vendor bundles, as scripts/run-ts.js loads them: cdktf in a bundle of its own that
 * shares the main bundle's packages, and bundles V8 can hold as one-byte strings.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports -- the scripts are CommonJS without types */
const bundle = require('../../scripts/bundle.js') as { buildVendor(name: string, specifiers: string[]): void; writeVendorLoader(): void; outdir: string };

const NAME = `test-vendor-${process.pid}`;
const files = (): string[] => fs.readdirSync(bundle.outdir).filter((f) => f.startsWith(`vendor-${NAME}`));

afterAll(() => {
  for (const f of files()) fs.rmSync(path.join(bundle.outdir, f), { recursive: true, force: true });
});

test('cdktf goes into its own bundle, read on first use, and shares the one Construct class of the main bundle', () => {
  bundle.buildVendor(NAME, ['cdk8s', 'cdktf', 'constructs']);
  bundle.writeVendorLoader();
  expect(files().sort()).toEqual([`vendor-${NAME}-cdktf.js`, `vendor-${NAME}.js`, `vendor-${NAME}.json`]);
  // The main bundle holds no cdktf code: it loads the other bundle from a getter.
  const main = fs.readFileSync(path.join(bundle.outdir, `vendor-${NAME}.js`), 'utf8');
  expect(main).not.toMatch(/TerraformStack/);
  expect(main).toContain(`load("vendor-${NAME}-cdktf.js")["cdktf"]`);

  const loader = require(path.join(bundle.outdir, 'vendor-loader.js')) as { load(base: string): Record<string, unknown> };
  const vendor = loader.load(`vendor-${NAME}.js`);
  const { Construct } = vendor.constructs as typeof import('constructs');
  const cdktf = vendor.cdktf as typeof import('cdktf');
  const app = new cdktf.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-cdktf-')) });
  const stack = new cdktf.TerraformStack(app, 'stack');
  expect(stack).toBeInstanceOf(Construct);
  expect(Construct.isConstruct(new cdktf.TerraformOutput(stack, 'out', { value: 1 }))).toBe(true);
});

test('bundles are pure ASCII (one non-ASCII character in a kept comment makes V8 hold the bundle as two-byte text)', () => {
  bundle.buildVendor(NAME, ['cdk8s', 'cdktf', 'constructs']);
  for (const f of files().filter((f) => f.endsWith('.js'))) {
    // cdk8s keeps doc comments with typographic quotes; escaped, they are still comments.
    expect(fs.readFileSync(path.join(bundle.outdir, f), 'utf8')).not.toMatch(/[\u0080-\uffff]/);
  }
});
