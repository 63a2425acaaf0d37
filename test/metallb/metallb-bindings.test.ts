import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { IpAddressPool, L2Advertisement } from '../../imports/metallb.io';

const REPO = path.resolve(__dirname, '../..');
const BINDINGS = path.join(REPO, 'imports', 'metallb.io.ts');

describe('imports/metallb.io.ts', () => {
  test('depends on nothing but cdk8s and constructs', () => {
    const modules = [...fs.readFileSync(BINDINGS, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(modules.sort()).toEqual(['cdk8s', 'constructs']);
  });

  test('binds the kinds the construct emits, at the version MetalLB serves', () => {
    expect(IpAddressPool.GVK).toEqual({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool' });
    expect(L2Advertisement.GVK).toEqual({ apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement' });
  });

  test('is what scripts/import-crds.sh generates from the shared CRDs (offline)', () => {
    expect(() =>
      execFileSync(path.join(REPO, 'scripts', 'import-crds.sh'), ['--check'], { cwd: REPO, stdio: 'pipe', timeout: 60_000 }),
    ).not.toThrow();
  }, 90_000);
});
