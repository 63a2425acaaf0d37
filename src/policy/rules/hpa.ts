import { asNumber, asObject, asString, dig } from '../k8s';
import { nsKey } from '../object-index';
import { PolicyRule } from '../types';
import { HpaTargets, hpaMinReplicas, SCALABLE_KINDS } from './workload-facts';

export const hpaRule: PolicyRule = {
  id: 'hpa-valid',
  severity: 'error',
  rationale: 'An HPA with impossible bounds, a missing target, or a target that also pins spec.replicas makes every apply fight the autoscaler.',
  fix: 'Keep 1 <= minReplicas <= maxReplicas, point scaleTargetRef at a Deployment/StatefulSet of the same namespace, and leave spec.replicas out of the target.',
  check(run) {
    const hpas = new HpaTargets(run.index);
    for (const hpa of run.index.ofKind('HorizontalPodAutoscaler')) {
      const spec = asObject(hpa.manifest.spec);
      const min = hpaMinReplicas(hpa);
      const max = asNumber(spec?.maxReplicas);
      if (min < 1) run.report(hpa, `spec.minReplicas: ${min} is below 1 (scale-to-zero is an alpha feature)`);
      if (max !== undefined && min > max) run.report(hpa, `spec.minReplicas: ${min} is greater than spec.maxReplicas: ${max}`);
      const ref = asObject(spec?.scaleTargetRef);
      const kind = asString(ref?.kind) ?? '';
      const name = asString(ref?.name) ?? '';
      const target = run.index.get(kind, nsKey(hpa), name);
      if (!target) {
        run.report(hpa, `spec.scaleTargetRef: ${kind || '(no kind)'} ${name || '(no name)'} does not exist in namespace ${hpa.namespace ?? '(none)'}`);
        continue;
      }
      if (!SCALABLE_KINDS.has(kind)) run.report(hpa, `spec.scaleTargetRef: ${kind} is not a scalable workload kind`);
      if (dig(target.manifest, 'spec', 'replicas') !== undefined) {
        run.report(hpa, `its target ${target.label} sets spec.replicas, which every apply resets under the autoscaler; leave it out`, 'Remove spec.replicas from the scaled workload; the HPA owns the replica count.');
      }
      if (hpas.of(target).length > 1 && hpas.of(target)[0] !== hpa) {
        run.report(hpa, `${target.label} is also scaled by HorizontalPodAutoscaler ${hpas.of(target)[0].name}; two autoscalers fight over one target`);
      }
    }
  },
};

export const HPA_RULES: readonly PolicyRule[] = [hpaRule];
