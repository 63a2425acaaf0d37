import { asObject, asString, containersOf, dig, objectsOf } from '../k8s';
import { IndexedObject, nsKey } from '../object-index';
import { PolicyRule, RuleRun } from '../types';

/** One reference from an object to another object of the same environment. */
interface Reference {
  readonly kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'StorageClass' | 'ServiceAccount';
  readonly name: string;
  readonly path: string;
  /** A key inside a ConfigMap that must exist. */
  readonly key?: string;
}

const optional = (ref: unknown) => asObject(ref)?.optional === true;

function podReferences(o: IndexedObject): Reference[] {
  const pod = o.pod!;
  const refs: Reference[] = [];
  const add = (kind: Reference['kind'], name: unknown, path: string, key?: unknown) => {
    const n = asString(name);
    if (n !== undefined && n !== '') refs.push({ kind, name: n, path, key: asString(key) });
  };
  for (const c of containersOf(pod)) {
    objectsOf(c.container.envFrom).forEach((e, i) => {
      if (e.configMapRef !== undefined && !optional(e.configMapRef)) add('ConfigMap', dig(e, 'configMapRef', 'name'), `${c.path}.envFrom[${i}].configMapRef`);
      if (e.secretRef !== undefined && !optional(e.secretRef)) add('Secret', dig(e, 'secretRef', 'name'), `${c.path}.envFrom[${i}].secretRef`);
    });
    objectsOf(c.container.env).forEach((e, i) => {
      const from = asObject(e.valueFrom);
      if (from?.configMapKeyRef !== undefined && !optional(from.configMapKeyRef)) {
        add('ConfigMap', dig(from, 'configMapKeyRef', 'name'), `${c.path}.env[${i}].valueFrom.configMapKeyRef`, dig(from, 'configMapKeyRef', 'key'));
      }
      if (from?.secretKeyRef !== undefined && !optional(from.secretKeyRef)) add('Secret', dig(from, 'secretKeyRef', 'name'), `${c.path}.env[${i}].valueFrom.secretKeyRef`);
    });
  }
  objectsOf(pod.spec.volumes).forEach((v, i) => {
    const path = `${pod.path}.volumes[${i}]`;
    if (v.configMap !== undefined && !optional(v.configMap)) add('ConfigMap', dig(v, 'configMap', 'name'), `${path}.configMap`);
    if (v.secret !== undefined && !optional(v.secret)) add('Secret', dig(v, 'secret', 'secretName'), `${path}.secret`);
    if (v.persistentVolumeClaim !== undefined) add('PersistentVolumeClaim', dig(v, 'persistentVolumeClaim', 'claimName'), `${path}.persistentVolumeClaim`);
    objectsOf(dig(v, 'projected', 'sources')).forEach((s, j) => {
      if (s.configMap !== undefined && !optional(s.configMap)) add('ConfigMap', dig(s, 'configMap', 'name'), `${path}.projected.sources[${j}].configMap`);
      if (s.secret !== undefined && !optional(s.secret)) add('Secret', dig(s, 'secret', 'name'), `${path}.projected.sources[${j}].secret`);
    });
  });
  objectsOf(pod.spec.imagePullSecrets).forEach((s, i) => add('Secret', s.name, `${pod.path}.imagePullSecrets[${i}]`));
  const serviceAccount = asString(pod.spec.serviceAccountName);
  if (serviceAccount !== 'default') add('ServiceAccount', serviceAccount, `${pod.path}.serviceAccountName`);
  if (o.kind === 'StatefulSet') {
    objectsOf(dig(o.manifest, 'spec', 'volumeClaimTemplates')).forEach((t, i) =>
      add('StorageClass', dig(t, 'spec', 'storageClassName'), `spec.volumeClaimTemplates[${i}].spec.storageClassName`),
    );
  }
  return refs;
}

/** volumeMounts must name a volume of the pod (or, in a StatefulSet, a volumeClaimTemplate). */
function checkMounts(run: RuleRun, o: IndexedObject): void {
  const names = new Set(objectsOf(o.pod!.spec.volumes).map((v) => asString(v.name)));
  if (o.kind === 'StatefulSet') {
    for (const t of objectsOf(dig(o.manifest, 'spec', 'volumeClaimTemplates'))) names.add(asString(dig(t, 'metadata', 'name')));
  }
  for (const c of containersOf(o.pod!)) {
    objectsOf(c.container.volumeMounts).forEach((m, i) => {
      const name = asString(m.name);
      if (name !== undefined && !names.has(name)) run.report(o, `${c.path}.volumeMounts[${i}]: mounts volume "${name}", which the pod does not declare`);
    });
  }
}

export const referencesResolveRule: PolicyRule = {
  id: 'references-resolve',
  severity: 'error',
  rationale: 'A pod that references a ConfigMap, Secret, claim, StorageClass or ServiceAccount that is not deployed is never created or stays Pending.',
  fix: 'Deploy the referenced object in the same namespace and environment (a Secret may come from an ExternalSecret), fix the name, or mark an env reference optional: true.',
  check(run) {
    const { index } = run;
    const checkRef = (o: IndexedObject, ref: Reference) => {
      const namespace = ref.kind === 'StorageClass' ? '' : nsKey(o);
      if (!index.resolves(ref.kind, namespace, ref.name)) {
        const where = ref.kind === 'StorageClass' ? '' : ` in namespace ${o.namespace ?? '(none)'}`;
        const alt = ref.kind === 'Secret' ? ' (nor an ExternalSecret producing it)' : '';
        run.report(o, `${ref.path}: ${ref.kind} "${ref.name}" does not exist${where}${alt}`);
        return;
      }
      if (ref.kind === 'ConfigMap' && ref.key !== undefined) {
        const cm = index.get('ConfigMap', namespace, ref.name);
        if (cm && !configMapHasKey(cm, ref.key)) run.report(o, `${ref.path}: ConfigMap "${ref.name}" has no key "${ref.key}"`);
      }
    };
    for (const o of index.workloads) {
      for (const ref of podReferences(o)) checkRef(o, ref);
      checkMounts(run, o);
    }
    for (const pvc of index.ofKind('PersistentVolumeClaim')) {
      const sc = asString(dig(pvc.manifest, 'spec', 'storageClassName'));
      if (sc) checkRef(pvc, { kind: 'StorageClass', name: sc, path: 'spec.storageClassName' });
    }
  },
};

export const REFERENCE_RULES: readonly PolicyRule[] = [referencesResolveRule];

/** Whether a key exists in a ConfigMap's data or binaryData. */
export function configMapHasKey(cm: IndexedObject, key: string): boolean {
  return [dig(cm.manifest, 'data'), dig(cm.manifest, 'binaryData')].some((m) => {
    const o = asObject(m);
    return o !== undefined && Object.prototype.hasOwnProperty.call(o, key);
  });
}
