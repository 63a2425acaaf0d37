import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthInfra } from '../../src/infra';
import { PLATFORM_PROFILES } from '../../src/platform/project';
import { shopEnvironments } from '../support/render';
import { GKE, MINIKUBE, STAGING } from '../../src/profiles/builtin-profiles';
import { snapshotDir } from '../support/fs';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-infra-'));
}

describe('synthInfra', () => {
  test('one stack per environment given: staging and gke', () => {
    const outdir = tmp();
    expect(synthInfra({ outdir, environments: shopEnvironments(PLATFORM_PROFILES.filter((p) => p.gcp)) })).toEqual({ stacks: ['staging', 'gke'] });
    for (const env of ['staging', 'gke']) {
      const doc = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', env, 'cdk.tf.json'), 'utf8'));
      expect(doc['//'].metadata.stackName).toBe(env);
    }
  });

  test('byte-identical on re-run, and independent of where outdir is', () => {
    const a = tmp();
    const b = tmp();
    synthInfra({ outdir: a, environments: shopEnvironments(PLATFORM_PROFILES.filter((p) => p.gcp)) });
    synthInfra({ outdir: path.relative(process.cwd(), b), environments: shopEnvironments(PLATFORM_PROFILES.filter((p) => p.gcp)) });
    const treeA = snapshotDir(a);
    expect(Object.keys(treeA).sort()).toEqual(['.shipyard-owned', 'manifest.json', 'stacks/gke/cdk.tf.json', 'stacks/staging/cdk.tf.json']);
    expect(snapshotDir(b)).toEqual(treeA);
  });

  test('no absolute paths, temp dirs or timestamps in what is written', () => {
    const outdir = tmp();
    synthInfra({ outdir, environments: shopEnvironments(PLATFORM_PROFILES.filter((p) => p.gcp)) });
    for (const [file, text] of Object.entries(snapshotDir(outdir))) {
      expect({ file, hasOutdir: text.includes(outdir) }).toEqual({ file, hasOutdir: false });
      expect({ file, hasCwd: text.includes(process.cwd()) }).toEqual({ file, hasCwd: false });
      expect({ file, hasDate: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) }).toEqual({ file, hasDate: false });
    }
  });

  test('creates a nested outdir and ignores cdktf-cli environment variables', () => {
    const outdir = path.join(tmp(), 'dist', 'infra');
    process.env.SYNTH_HCL_OUTPUT = 'true';
    process.env.CDKTF_TARGET_STACK_ID = 'staging';
    try {
      expect(synthInfra({ outdir, environments: shopEnvironments(PLATFORM_PROFILES.filter((p) => p.gcp)) })).toEqual({ stacks: ['staging', 'gke'] });
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
      delete process.env.CDKTF_TARGET_STACK_ID;
    }
    expect(fs.existsSync(path.join(outdir, 'stacks', 'gke', 'cdk.tf.json'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'staging', 'cdk.tf.json'))).toBe(true);
  });

  test('explicit profiles; rejects one without gcp and duplicates', () => {
    expect(synthInfra({ outdir: tmp(), environments: shopEnvironments([GKE]) })).toEqual({ stacks: ['gke'] });
    expect(() => synthInfra({ outdir: tmp(), environments: shopEnvironments([MINIKUBE]) })).toThrow(/minikube.*no gcp/);
    expect(() => synthInfra({ outdir: tmp(), environments: shopEnvironments([STAGING, STAGING]) })).toThrow(/given twice/);
  });
});
