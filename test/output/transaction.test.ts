import { spawn, spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOCK_FILE, OutputLockedError, OutputTransaction, OutputWriteError, OWNED_FILE, recoverOutputs, TXN_DIR, writeOutputs } from '../../src/output';
import { snapshotDir } from '../support/fs';
import { NEW, OLD, PARTIAL, tmpdir, trees, TreeSpec } from './fixtures';

/** Old output written by synth, plus the user's own files in and beside it. */
function seed(): { root: string; before: Record<string, string> } {
  const root = tmpdir();
  writeOutputs(trees(root, OLD));
  fs.writeFileSync(path.join(root, 'dist', 'minikube', '.gitkeep'), '');
  fs.writeFileSync(path.join(root, 'dist', 'README.md'), 'mine\n');
  return { root, before: snapshotDir(root) };
}

const leftovers = (root: string) =>
  Object.keys(snapshotDir(root)).filter((f) => f.includes(TXN_DIR) || f.includes(LOCK_FILE));

describe('writeOutputs', () => {
  test('switches every tree at once; the record lists what synth owns; user files are kept, stale synth files removed', () => {
    const { root } = seed();
    const report = writeOutputs(trees(root, NEW));
    const after = snapshotDir(root);
    expect(Object.keys(after).sort()).toEqual([
      'cdktf.out/.shipyard-owned',
      'cdktf.out/manifest.json',
      'cdktf.out/stacks/gke/cdk.tf.json',
      'cdktf.out/stacks/staging/cdk.tf.json',
      'dist/.shipyard-owned',
      'dist/README.md',
      'dist/minikube/.gitkeep',
      'dist/minikube/00-cluster.yaml',
      'dist/minikube/20-workloads.yaml',
      'dist/staging/00-cluster.yaml',
      'dist/staging/sub/extra.yaml',
    ]);
    expect(after['dist/.shipyard-owned'].split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([
      'minikube/00-cluster.yaml',
      'minikube/20-workloads.yaml',
      'staging/00-cluster.yaml',
      'staging/sub/extra.yaml',
    ]);
    expect(after['cdktf.out/manifest.json']).toBe('{"new":true}');
    expect(report.kept).toEqual([`${root}/dist/minikube/.gitkeep`]);
    expect(report.removed).toEqual([`${root}/dist/minikube/10-config.yaml`]);
    expect(leftovers(root)).toEqual([]);
  });

  test('a file synth would overwrite but did not write is refused, and nothing changes', () => {
    const { root } = seed();
    fs.writeFileSync(path.join(root, 'dist', 'minikube', '20-workloads.yaml'), 'hand-written\n');
    const before = snapshotDir(root);
    expect(() => writeOutputs(trees(root, NEW))).toThrow(/dist\/minikube\/20-workloads.yaml was not written by synth \(not listed in .*\.shipyard-owned\) and synth would overwrite it; move it away \(or, if it is an earlier synth's output, e.g. after a merge, delete .*\.shipyard-owned to adopt it\)$/);
    expect(snapshotDir(root)).toEqual(before);
    // Exactly what synth writes now (a merge brought the file but not its record line): adopted.
    fs.writeFileSync(path.join(root, 'dist', 'minikube', '20-workloads.yaml'), 'new minikube 20\n');
    expect(writeOutputs(trees(root, NEW)).kept).toEqual([`${root}/dist/minikube/.gitkeep`]);
  });

  test('without a record (output of an older version), files synth writes now are its own; others are kept', () => {
    const { root } = seed();
    fs.rmSync(path.join(root, 'dist', OWNED_FILE));
    const report = writeOutputs(trees(root, NEW));
    expect([...report.kept].sort()).toEqual([`${root}/dist/minikube/.gitkeep`, `${root}/dist/minikube/10-config.yaml`]);
  });

  test('an empty directory, unsafe paths and overlapping outputs are refused before anything is written', () => {
    const root = tmpdir();
    expect(() => writeOutputs([{ dir: '', units: [] }])).toThrow(/output directory is empty/);
    for (const bad of ['', '../x', '/abs', 'a/../b', '.shipyard-txn', 'a//b']) {
      expect(() => writeOutputs([{ dir: path.join(root, 'd'), units: [{ path: bad, files: new Map() }] }])).toThrow(OutputWriteError);
    }
    expect(() =>
      writeOutputs([{ dir: path.join(root, 'd'), units: [{ path: 'a', files: new Map() }, { path: 'a/b', files: new Map() }] }]),
    ).toThrow(/written twice/);
    expect(() => writeOutputs([{ dir: path.join(root, 'd'), units: [{ path: 'infra', files: new Map() }] }, { dir: path.join(root, 'd', 'infra'), units: [] }])).toThrow(
      /inside .* which another output replaces/,
    );
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('a second run waits for the lock, then fails with one line naming the holder', () => {
    const { root, before } = seed();
    const holder = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(root, 'dist', LOCK_FILE), `${holder.pid} ${os.hostname()} 2026-01-01T00:00:00.000Z\n`);
      const started = Date.now();
      let error: unknown;
      try {
        writeOutputs(trees(root, NEW), { lockTimeoutMs: 300 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OutputLockedError);
      expect((error as Error).message).toMatch(new RegExp(`dist/ is being written by another run \\(pid ${holder.pid} on .* since 2026-01-01T00:00:00.000Z\\); waited 0 s. If no synth is running, remove .*${LOCK_FILE}$`));
      expect((error as Error).message).not.toContain('\n');
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      fs.rmSync(path.join(root, 'dist', LOCK_FILE));
      expect(snapshotDir(root)).toEqual(before);
    } finally {
      holder.kill();
    }
  });

  test("a killed run's lock (its process is gone) is taken over", () => {
    const { root } = seed();
    const dead = spawnSync('true').pid;
    fs.writeFileSync(path.join(root, 'dist', LOCK_FILE), `${dead} ${os.hostname()} 2026-01-01T00:00:00.000Z\n`);
    writeOutputs(trees(root, NEW), { lockTimeoutMs: 0 });
    expect(leftovers(root)).toEqual([]);
  });
});

describe('OutputTransaction: staged piece by piece', () => {
  const unit = (p: string, files: Record<string, string>) => ({ path: p, files: new Map(Object.entries(files)) });

  test('units staged one at a time (each dropped by the caller) switch together at the commit, as writeOutputs would', () => {
    const { root } = seed();
    const dist = path.join(root, 'dist');
    const txn = OutputTransaction.open([dist]);
    txn.stageUnit(dist, unit('minikube', { '00-cluster.yaml': 'new minikube 00\n' }));
    // Staged, not switched: the output is still the old one.
    expect(fs.readFileSync(path.join(dist, 'minikube', '00-cluster.yaml'), 'utf8')).toBe('old minikube 00\n');
    expect(fs.existsSync(path.join(dist, LOCK_FILE))).toBe(true);
    txn.stageUnit(dist, unit('staging', { '00-cluster.yaml': 'new staging 00\n' }));
    const report = txn.commit();
    expect(fs.readFileSync(path.join(dist, 'minikube', '00-cluster.yaml'), 'utf8')).toBe('new minikube 00\n');
    expect(fs.readFileSync(path.join(dist, 'staging', '00-cluster.yaml'), 'utf8')).toBe('new staging 00\n');
    expect(report.removed).toEqual([`${root}/dist/minikube/10-config.yaml`]);
    expect(report.kept).toEqual([`${root}/dist/minikube/.gitkeep`]);
    expect(leftovers(root)).toEqual([]);
    expect(() => txn.stageUnit(dist, unit('gke', {}))).toThrow(/transaction is closed; open a new one/);
  });

  test('an abort after some units were staged (an environment failed) leaves every output as it was', () => {
    const { root, before } = seed();
    const [dist, cdktf] = [path.join(root, 'dist'), path.join(root, 'cdktf.out')];
    const txn = OutputTransaction.open([dist, cdktf]);
    txn.stageUnit(dist, unit('minikube', { '00-cluster.yaml': 'new\n' }));
    txn.stageUnit(cdktf, unit('stacks/gke', { 'cdk.tf.json': '{}' }));
    txn.abort();
    expect(snapshotDir(root)).toEqual(before);
    // The lock is free again.
    expect(writeOutputs(trees(root, NEW), { lockTimeoutMs: 0 }).recovered).toEqual([]);
  });

  test('a unit refused halfway (overlapping, unsafe, not an opened directory) aborts the whole transaction; nothing changes', () => {
    const { root, before } = seed();
    const dist = path.join(root, 'dist');
    for (const bad of [
      (t: OutputTransaction) => t.stageUnit(dist, unit('minikube/sub', {})),
      (t: OutputTransaction) => t.stageUnit(dist, unit('../x', {})),
      (t: OutputTransaction) => t.stageUnit(path.join(root, 'elsewhere'), unit('x', {})),
      (t: OutputTransaction) => t.stageFiles(dist, new Map([['minikube', 'a file where a unit goes']])),
    ]) {
      const txn = OutputTransaction.open([dist]);
      txn.stageUnit(dist, unit('minikube', { '00-cluster.yaml': 'new\n' }));
      expect(() => bad(txn)).toThrow(OutputWriteError);
      expect(() => txn.commit()).toThrow(/transaction is closed/);
      expect(snapshotDir(root)).toEqual(before);
    }
  });

  test('a process killed after staging some units leaves the old output; the next run removes what was staged', () => {
    const { root, before } = seed();
    const dist = path.join(root, 'dist');
    const script = `
      const { OutputTransaction } = require(${JSON.stringify(path.join(__dirname, '../../src/output'))});
      const txn = OutputTransaction.open([${JSON.stringify(dist)}]);
      txn.stageUnit(${JSON.stringify(dist)}, { path: 'minikube', files: new Map([['00-cluster.yaml', 'new\\n']]) });
      process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['-r', require.resolve('sucrase/register/ts'), '-e', script], { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(leftovers(root).length).toBeGreaterThan(0);
    expect(recoverOutputs([dist])).toEqual([`${dist}/: removed what an interrupted run had staged (it had not switched anything)`]);
    expect(snapshotDir(root)).toEqual(before);
  });
});

describe('unchanged files', () => {
  test('a file synth wrote before with the same content is carried by a hard link; changed, edited and foreign files are not', () => {
    const { root } = seed();
    const file = (rel: string) => path.join(root, rel);
    const inode = (rel: string) => fs.statSync(file(rel)).ino;
    // The user edited an owned file in place: its content differs from what synth writes, so it is rewritten.
    fs.writeFileSync(file('dist/staging/00-cluster.yaml'), 'edited\n');
    const before = { kept: inode('dist/minikube/00-cluster.yaml'), changed: inode('dist/minikube/10-config.yaml'), edited: inode('dist/staging/00-cluster.yaml') };
    writeOutputs(trees(root, PARTIAL));
    expect(inode('dist/minikube/00-cluster.yaml')).toBe(before.kept);
    expect(fs.statSync(file('dist/minikube/00-cluster.yaml')).nlink).toBe(1);
    expect(inode('dist/minikube/10-config.yaml')).not.toBe(before.changed);
    expect(fs.readFileSync(file('dist/minikube/10-config.yaml'), 'utf8')).toBe('changed minikube 10\n');
    expect(inode('dist/staging/00-cluster.yaml')).not.toBe(before.edited);
    expect(fs.readFileSync(file('dist/staging/00-cluster.yaml'), 'utf8')).toBe('old staging 00\n');
    expect(leftovers(root)).toEqual([]);
  });
});

describe.each([
  ['every file changed', NEW],
  ['some files unchanged (hard-linked)', PARTIAL],
] as [string, TreeSpec][])('every write step failing (EIO, ENOSPC) leaves all-old, byte-identical, or all-new: %s', (_what, NEW) => {
  const steps = (() => {
    const { root } = seed();
    return writeOutputs(trees(root, NEW)).steps;
  })();
  const allNew = (() => {
    const { root } = seed();
    writeOutputs(trees(root, NEW));
    return snapshotDir(root);
  })();
  const rel = (snap: Record<string, string>) => snap;

  test.each(['EIO', 'ENOSPC'])('%s at each step', (code) => {
    expect(steps).toBeGreaterThan(NEW === PARTIAL ? 30 : 40);
    const outcomes = { old: 0, new: 0 };
    for (let n = 1; n <= steps; n++) {
      const { root, before } = seed();
      process.env.SHIPYARD_TEST_WRITE_FAULT = `${code}@${n}`;
      let failed: unknown;
      try {
        writeOutputs(trees(root, NEW));
      } catch (e) {
        failed = e;
      } finally {
        delete process.env.SHIPYARD_TEST_WRITE_FAULT;
      }
      const after = rel(snapshotDir(root));
      if (failed) {
        expect({ n, error: failed instanceof OutputWriteError, message: (failed as Error).message }).toEqual({
          n,
          error: true,
          message: expect.stringMatching(new RegExp(`${code}: injected fault.*nothing was changed$`)),
        });
        expect({ n, same: after }).toEqual({ n, same: before });
        outcomes.old++;
      } else {
        expect({ n, same: after }).toEqual({ n, same: allNew });
        outcomes.new++;
      }
    }
    // Faults before the commit fail the run; faults after it are retried and the run completes.
    expect(outcomes.old).toBeGreaterThan(NEW === PARTIAL ? 20 : 30);
    expect(outcomes.new).toBeGreaterThan(3);
  }, 300_000);
});

describe('SIGKILL at each write step: what the next run finds is all-old or all-new', () => {
  let bundle: string;
  beforeAll(() => {
    bundle = path.join(tmpdir('shipyard-writer-'), 'output.js');
    buildSync({ entryPoints: [path.join(__dirname, '../../src/output/index.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent' });
  });

  const CHILD = `
    const path = require('node:path');
    const { writeOutputs } = require(process.argv[1]);
    const [root, spec] = [process.argv[2], JSON.parse(process.argv[3])];
    const trees = Object.keys(spec.units).map((dir) => ({
      dir: path.join(root, dir),
      units: Object.entries(spec.units[dir]).map(([p, files]) => ({ path: p, files: new Map(Object.entries(files)) })),
      files: new Map(Object.entries(spec.files[dir] || {})),
    }));
    process.stdout.write(String(writeOutputs(trees).steps));
  `;
  const run = (root: string, fault?: string) =>
    spawnSync(process.execPath, ['-e', CHILD, bundle, root, JSON.stringify(NEW)], {
      env: { ...process.env, SHIPYARD_TEST_WRITE_FAULT: fault ?? '' },
      encoding: 'utf8',
    });

  test('two runs at once: the second waits for the first; the result is one run\'s complete output, nothing left over', async () => {
    const { root } = seed();
    const other = JSON.parse(JSON.stringify(NEW).replace(/new /g, 'other ')) as typeof NEW;
    const start = (spec: typeof NEW) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['-e', CHILD, bundle, root, JSON.stringify(spec)], { stdio: 'ignore' });
        child.on('exit', (code) => resolve(code));
      });
    expect(await Promise.all([start(NEW), start(other)])).toEqual([0, 0]);
    const after = snapshotDir(root);
    const expected = (spec: typeof NEW) => {
      const r = seed().root;
      writeOutputs(trees(r, spec));
      return snapshotDir(r);
    };
    expect([JSON.stringify(expected(NEW)), JSON.stringify(expected(other))]).toContain(JSON.stringify(after));
    expect(leftovers(root)).toEqual([]);
  });

  test('every step', () => {
    const clean = seed();
    const first = run(clean.root);
    expect(first.status).toBe(0);
    const steps = Number(first.stdout);
    const allNew = snapshotDir(clean.root);
    expect(steps).toBeGreaterThan(40);
    const oldOrNew = (text: string | undefined, file: string, before: Record<string, string>) => text === before[file] || text === allNew[file];
    const outcomes = { old: 0, new: 0 };
    for (let n = 1; n <= steps + 1; n++) {
      const { root, before } = seed();
      const r = run(root, `kill@${n}`);
      expect({ n, signal: r.signal }).toEqual({ n, signal: n <= steps ? 'SIGKILL' : null });
      // Before any recovery: no visible file is truncated or half-written.
      const visible = snapshotDir(root);
      for (const [file, text] of Object.entries(visible)) {
        if (file.includes(TXN_DIR) || file.includes(LOCK_FILE)) continue;
        expect({ n, file, whole: oldOrNew(text, file, before) }).toEqual({ n, file, whole: true });
      }
      recoverOutputs([path.join(root, 'dist'), path.join(root, 'cdktf.out')], { lockTimeoutMs: 0 });
      const after = snapshotDir(root);
      const which = JSON.stringify(after) === JSON.stringify(before) ? 'old' : JSON.stringify(after) === JSON.stringify(allNew) ? 'new' : 'mixed';
      expect({ n, which, after }).toEqual({ n, which: expect.stringMatching(/^(old|new)$/), after });
      outcomes[which as 'old' | 'new']++;
    }
    expect(outcomes.old).toBeGreaterThan(30);
    expect(outcomes.new).toBeGreaterThan(3);
  }, 300_000);
});
