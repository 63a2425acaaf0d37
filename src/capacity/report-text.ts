/** The capacity report's per-group lines and its one-line summary. */
import { Group } from './allocate';
import { GroupCapacity, HeadroomPercent } from './report-types';
import { amount, headroomPercent, sub, Vec } from './resources';

/** One group's headroom; it fits when neither resource is short of `minHeadroom` percent. */
export function groupReport(g: Group, minHeadroom: number): GroupCapacity {
  const headroom = sub(g.available, g.required);
  const pct = headroomPercent(headroom, g.available);
  const fits = headroom.cpu >= 0 && headroom.mem >= 0 && pct.cpu >= minHeadroom && pct.memory >= minHeadroom;
  return {
    name: g.profile.name,
    ...(g.profile.role ? { role: g.profile.role } : {}),
    maxNodes: g.profile.maxNodes,
    available: amount(g.available),
    required: amount(g.required),
    headroom: amount(headroom),
    headroomPercent: pct,
    fits,
  };
}

/** `<env>: fits at maximum scale — CPU … of … cores (…% headroom), memory …`, with what is short. */
export function summaryText(
  environment: string,
  r: { fits: boolean; required: Vec; available: Vec; pct: HeadroomPercent; groups: readonly GroupCapacity[]; problems: readonly string[]; minHeadroom: number },
): string {
  const cores = (m: number) => (m / 1000).toFixed(1);
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  const short = r.groups.filter((g) => !g.fits).map((g) => `${g.name} (cpu ${g.headroomPercent.cpu}%, memory ${g.headroomPercent.memory}%)`);
  const { problems } = r;
  return (
    `${environment}: ${r.fits ? 'fits' : 'DOES NOT FIT'} at maximum scale — ` +
    `CPU ${cores(r.required.cpu)} of ${cores(r.available.cpu)} cores (${r.pct.cpu}% headroom), ` +
    `memory ${gib(r.required.mem)} of ${gib(r.available.mem)} GiB (${r.pct.memory}% headroom)` +
    (short.length ? `; short${r.minHeadroom > 0 ? ` of ${r.minHeadroom}% headroom` : ''}: ${short.join(', ')}` : '') +
    (problems.length ? `; ${problems.length} problem${problems.length > 1 ? 's' : ''}: ${problems[0]}${problems.length > 1 ? ' …' : ''}` : '')
  );
}
