/** CPU and memory as one vector (millicores and bytes), and how it is reported. */
import { HeadroomPercent, ResourceAmount } from './report-types';

export const MIB = 2 ** 20;

/** Internal resource vector: millicores and bytes. */
export interface Vec {
  cpu: number;
  mem: number;
}
export const ZERO: Vec = { cpu: 0, mem: 0 };
export const add = (a: Vec, b: Vec): Vec => ({ cpu: a.cpu + b.cpu, mem: a.mem + b.mem });
export const max = (a: Vec, b: Vec): Vec => ({ cpu: Math.max(a.cpu, b.cpu), mem: Math.max(a.mem, b.mem) });
export const scale = (a: Vec, n: number): Vec => ({ cpu: a.cpu * n, mem: a.mem * n });
export const sub = (a: Vec, b: Vec): Vec => ({ cpu: a.cpu - b.cpu, mem: a.mem - b.mem });

export function amount(v: Vec): ResourceAmount {
  return { cpuMillis: Math.round(v.cpu), memoryMiB: Math.round((v.mem / MIB) * 10) / 10 };
}
function percent(headroom: number, available: number): number {
  if (available <= 0) return headroom < 0 ? -100 : 0;
  return Math.round((headroom / available) * 1000) / 10;
}
export function headroomPercent(headroom: Vec, available: Vec): HeadroomPercent {
  return { cpu: percent(headroom.cpu, available.cpu), memory: percent(headroom.mem, available.mem) };
}
