/** What one pod requests, by the scheduler's rules. */
import { ShipyardError } from '../errors';
import { parseCpuMillis, parseMemoryBytes } from '../manifests/quantity';
import { add, max, Vec, ZERO } from './resources';
import { arr, Obj, obj, str } from './read-workloads';

/** A container's request per resource; a missing request defaults to the limit, as the API server does. */
function containerRequest(container: Obj, where: string, warnings: string[]): Vec {
  const resources = obj(container.resources);
  const requests = obj(resources?.requests) ?? {};
  const limits = obj(resources?.limits) ?? {};
  const pick = (key: 'cpu' | 'memory'): string | number | undefined => {
    const value = requests[key] ?? limits[key];
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  };
  const cpu = pick('cpu');
  const memory = pick('memory');
  const name = str(container.name) ?? '(unnamed)';
  const missing = [cpu === undefined ? 'cpu' : '', memory === undefined ? 'memory' : ''].filter(Boolean);
  if (missing.length) warnings.push(`${where} container ${name}: no ${missing.join('/')} request; counted as 0`);
  const parse = <T>(fn: (q: string | number) => T, q: string | number, field: string): T => {
    try {
      return fn(q);
    } catch (e) {
      throw new ShipyardError(`${where} container ${name}: resources.*.${field}: ${(e as Error).message}`);
    }
  };
  return {
    cpu: cpu === undefined ? 0 : parse(parseCpuMillis, cpu, 'cpu'),
    mem: memory === undefined ? 0 : parse(parseMemoryBytes, memory, 'memory'),
  };
}

/**
 * Effective pod request by the Kubernetes rules (including native sidecars, KEP-753):
 * max(Σ containers + Σ sidecars, max over init containers i of (request_i + Σ sidecars started before i)) + overhead.
 */
export function podRequest(podSpec: Obj, where: string, warnings: string[]): Vec {
  let sidecars = ZERO;
  let initPeak = ZERO;
  for (const c of arr(podSpec.initContainers)) {
    const container = obj(c);
    if (!container) continue;
    const request = containerRequest(container, where, warnings);
    if (container.restartPolicy === 'Always') {
      sidecars = add(sidecars, request);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(request, sidecars));
    }
  }
  let regular = ZERO;
  for (const c of arr(podSpec.containers)) {
    const container = obj(c);
    if (container) regular = add(regular, containerRequest(container, where, warnings));
  }
  // RuntimeClass overhead (spec.overhead) is counted on top, as the scheduler does.
  const extra = containerRequest({ name: '(pod overhead)', resources: { requests: obj(podSpec.overhead) ?? {} } }, where, []);
  return add(max(add(regular, sidecars), initPeak), extra);
}
