import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutputTree } from '../../src/output';

/** A plain description of trees (for a child process): dir → unit path → file → content. */
export interface TreeSpec {
  readonly units: Record<string, Record<string, Record<string, string>>>;
  readonly files: Record<string, Record<string, string>>;
}

/** Output trees under `root` (`dist/` with environments, `cdktf.out/` with stacks and a root file). */
export function trees(root: string, spec: TreeSpec): OutputTree[] {
  return Object.keys(spec.units).map((dir) => ({
    dir: path.join(root, dir),
    units: Object.entries(spec.units[dir]).map(([p, files]) => ({ path: p, files: new Map(Object.entries(files)) })),
    files: new Map(Object.entries(spec.files[dir] ?? {})),
  }));
}

export const OLD: TreeSpec = {
  units: {
    dist: {
      minikube: { '00-cluster.yaml': 'old minikube 00\n', '10-config.yaml': 'old minikube 10\n' },
      staging: { '00-cluster.yaml': 'old staging 00\n' },
    },
    'cdktf.out': { 'stacks/gke': { 'cdk.tf.json': '{"old":"gke"}' } },
  },
  files: { 'cdktf.out': { 'manifest.json': '{"old":true}' } },
};

/** Changes every file, adds and drops files, adds a stack. */
export const NEW: TreeSpec = {
  units: {
    dist: {
      minikube: { '00-cluster.yaml': 'new minikube 00\n'.repeat(500), '20-workloads.yaml': 'new minikube 20\n' },
      staging: { '00-cluster.yaml': 'new staging 00\n', 'sub/extra.yaml': 'new staging extra\n' },
    },
    'cdktf.out': { 'stacks/gke': { 'cdk.tf.json': '{"new":"gke"}' }, 'stacks/staging': { 'cdk.tf.json': '{"new":"staging"}' } },
  },
  files: { 'cdktf.out': { 'manifest.json': '{"new":true}' } },
};

/** Changes some files and leaves others as OLD has them (a re-render after a small edit). */
export const PARTIAL: TreeSpec = {
  units: {
    dist: {
      minikube: { '00-cluster.yaml': 'old minikube 00\n', '10-config.yaml': 'changed minikube 10\n' },
      staging: { '00-cluster.yaml': 'old staging 00\n', 'sub/extra.yaml': 'new staging extra\n' },
    },
    'cdktf.out': { 'stacks/gke': { 'cdk.tf.json': '{"old":"gke"}' } },
  },
  files: { 'cdktf.out': { 'manifest.json': '{"old":true}' } },
};

export function tmpdir(prefix = 'shipyard-output-'): string {
  // tmpfs when there is one: fsync is free there, and these tests fsync a lot.
  const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return fs.mkdtempSync(path.join(base, prefix));
}
