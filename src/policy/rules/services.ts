import { asNumber, asObject, asString, containersOf, objectsOf } from '../k8s';
import { IndexedObject, nsKey, ObjectIndex } from '../object-index';
import { serviceSelectorOf } from '../../manifests/selectors';
import { PolicyRule } from '../types';

/** A Service's non-empty selector, or undefined (an absent or empty selector selects no pod). */
export function serviceSelector(svc: IndexedObject): Record<string, string> | undefined {
  return serviceSelectorOf(asObject(svc.manifest.spec)?.selector)?.matchLabels;
}

/** The pod-bearing objects a Service's selector selects (none when it has no selector). */
export function servedWorkloads(index: ObjectIndex, svc: IndexedObject): IndexedObject[] {
  const selector = serviceSelectorOf(asObject(svc.manifest.spec)?.selector);
  return selector ? index.workloadsByPodLabels.selectedBy(nsKey(svc), selector) : [];
}

/** Whether the workload's serving containers expose `target` (a number or a port name). */
function exposesPort(workload: IndexedObject, target: number | string): boolean {
  for (const c of containersOf(workload.pod!)) {
    if (c.role !== 'container' && c.role !== 'sidecar') continue;
    for (const p of objectsOf(c.container.ports)) {
      if (typeof target === 'number' ? asNumber(p.containerPort) === target : asString(p.name) === target) return true;
    }
  }
  return false;
}

export const serviceSelectsPodsRule: PolicyRule = {
  id: 'service-selects-pods',
  severity: 'error',
  rationale: 'A Service whose selector matches no pod, or whose targetPort no container exposes, has no endpoints and drops every request.',
  fix: 'Make spec.selector a subset of the pod template labels and point each targetPort at a containerPort number or a named container port.',
  check(run) {
    for (const svc of run.index.ofKind('Service')) {
      const spec = asObject(svc.manifest.spec);
      if (spec?.type === 'ExternalName') continue;
      const selector = serviceSelector(svc);
      if (!selector) {
        if (spec?.clusterIP === 'None') continue;
        run.report(svc, 'spec.selector: the Service has no selector, so it only gets endpoints written by hand');
        continue;
      }
      const workloads = servedWorkloads(run.index, svc);
      if (workloads.length === 0) {
        run.report(svc, `spec.selector: ${JSON.stringify(selector)} matches the pod template labels of no workload in namespace ${svc.namespace ?? '(none)'}`);
        continue;
      }
      objectsOf(spec?.ports).forEach((port, i) => {
        const target: number | string | undefined = asNumber(port.targetPort) ?? asString(port.targetPort) ?? asNumber(port.port);
        if (target === undefined) return;
        for (const w of workloads) {
          if (!exposesPort(w, target)) {
            const what = typeof target === 'number' ? `containerPort ${target}` : `container port named "${target}"`;
            run.report(svc, `spec.ports[${i}].targetPort: ${w.label} (selected by the Service) has no ${what}`);
          }
        }
      });
    }
  },
};

export const SERVICE_RULES: readonly PolicyRule[] = [serviceSelectsPodsRule];
