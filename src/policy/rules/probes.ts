import { asObject, containersOf, describeContainer, jsonEqual, objectsOf } from '../k8s';
import { PolicyRule } from '../types';

export const probesRule: PolicyRule = {
  id: 'probes',
  severity: 'error',
  rationale: 'A serving container without a readiness probe gets traffic before it is ready; without liveness a hung process is never restarted; identical probes restart pods that are merely busy.',
  fix: 'Give each container that declares ports a readinessProbe and a livenessProbe, with different checks or thresholds (e.g. liveness on /healthz with a higher failureThreshold).',
  check(run) {
    for (const o of run.index.workloads) {
      for (const c of containersOf(o.pod!)) {
        if (c.role !== 'container' && c.role !== 'sidecar') continue;
        if (objectsOf(c.container.ports).length === 0) continue;
        const readiness = asObject(c.container.readinessProbe);
        const liveness = asObject(c.container.livenessProbe);
        const missing = [readiness ? undefined : 'readinessProbe', liveness ? undefined : 'livenessProbe'].filter((x) => x);
        if (missing.length > 0) {
          run.report(o, `${c.path}: ${describeContainer(c)} declares ports but has no ${missing.join(' and no ')}`);
        } else if (jsonEqual(readiness, liveness)) {
          run.report(o, `${c.path}: ${describeContainer(c)} has identical readiness and liveness probes`);
        }
      }
    }
  },
};

export const PROBE_RULES: readonly PolicyRule[] = [probesRule];
