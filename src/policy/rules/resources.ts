import { containersOf, describeContainer, dig } from '../k8s';
import { PolicyRule } from '../types';

const present = (v: unknown) => (typeof v === 'string' && v !== '') || typeof v === 'number';

export const containerResourcesRule: PolicyRule = {
  id: 'container-resources',
  severity: 'error',
  rationale: 'Without cpu/memory requests the scheduler overcommits nodes; without a memory limit one container can starve the node.',
  fix: 'Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container, init and sidecar containers included.',
  check(run) {
    for (const o of run.index.workloads) {
      for (const c of containersOf(o.pod!)) {
        if (c.role === 'ephemeral') continue;
        const missing: string[] = [];
        if (!present(dig(c.container, 'resources', 'requests', 'cpu'))) missing.push('requests.cpu');
        if (!present(dig(c.container, 'resources', 'requests', 'memory'))) missing.push('requests.memory');
        if (!present(dig(c.container, 'resources', 'limits', 'memory'))) missing.push('limits.memory');
        if (missing.length > 0) run.report(o, `${c.path}.resources: ${describeContainer(c)} sets no ${missing.join(', ')}`);
      }
    }
  },
};

export const RESOURCE_RULES: readonly PolicyRule[] = [containerResourcesRule];
