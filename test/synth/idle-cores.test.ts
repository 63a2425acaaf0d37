/**
 * How `synth --watch --jobs auto` counts the cores idle at its start: from two readings of the cores'
 * CPU counters (what os.cpus() returns), not from the one-minute load average, which lags.
 */
import { cpus } from 'node:os';
import { idleCoresBetween, idleThreadsNow } from '../../src/synth/render-workers';

const core = (user: number, idle: number, sys = 0) => ({ times: { user, nice: 0, sys, idle, irq: 0 } });

test('two idle cores count as two, a core busy with other work as none', () => {
  const before = [core(1000, 5000), core(2000, 4000)];
  expect(idleCoresBetween(before, [core(1000, 5300), core(2000, 4300)])).toBe(2);
  expect(idleCoresBetween(before, [core(1300, 5000), core(2000, 4300)])).toBe(1);
  // A quarter busy on each core: one and a half cores idle.
  expect(idleCoresBetween(before, [core(1075, 5225), core(2050, 4225, 25)])).toBeCloseTo(1.5);
});

test('a core whose counters did not move (or a core that went away) counts as nothing', () => {
  expect(idleCoresBetween([core(1, 1), core(1, 1)], [core(1, 1)])).toBe(0);
});

test('on this machine: at least one thread, at most one per core', () => {
  const n = idleThreadsNow(50);
  expect(n).toBeGreaterThanOrEqual(1);
  expect(n).toBeLessThanOrEqual(cpus().length);
});
