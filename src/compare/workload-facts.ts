/**
 * What a workload looks like in one environment, as comparable facts (aspect → text): replicas and
 * HPA range, disruption budget, images, resources, storage, exposure, database wiring, config and
 * literal environment variables, placement. Also records which objects the facts came from, so the
 * diff does not list them again as "other" changes.
 */
import { dig, isWorkload, Json, K8sObject, keyOf, list, nameOf, podLabels, podSpec, str, stringMap, strings } from '../manifests/k8s-object';
import { labelSelectorSelects, serviceSelects } from '../manifests/selectors';

/** One environment's objects, indexed. */
export class ObjectSet {
  readonly byKey = new Map<string, K8sObject>();
  constructor(readonly name: string, readonly objects: readonly K8sObject[]) {
    for (const o of objects) this.byKey.set(keyOf(o), o);
  }
  ofKind(kind: string): K8sObject[] {
    return this.objects.filter((o) => o.kind === kind);
  }
  find(kind: string, name: string, namespace?: string): K8sObject | undefined {
    return this.objects.find((o) => o.kind === kind && nameOf(o) === name && (namespace === undefined || (o.metadata?.namespace ?? '') === namespace));
  }
  workloads(): K8sObject[] {
    return this.objects.filter(isWorkload);
  }
}

/** Facts of one workload; `used` holds the keys of the objects they were read from. */
export interface WorkloadFacts {
  readonly facts: Map<string, string>;
  readonly used: Set<string>;
}

const DB_ENV = new Set(['DB_HOST', 'DB_PORT']);
const PROXY = /cloud-sql-proxy/;

function resourcesText(container: Json): string {
  const part = (which: 'requests' | 'limits') => {
    const r = stringMap(dig(container, 'resources', which));
    const items = ['cpu', 'memory', ...Object.keys(r).filter((k) => k !== 'cpu' && k !== 'memory').sort()].filter((k) => r[k] !== undefined).map((k) => `${k} ${r[k]}`);
    return items.length ? items.join(', ') : 'none';
  };
  return `requests ${part('requests')}; limits ${part('limits')}`;
}

function affinityText(spec: Json): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(stringMap(spec.nodeSelector))) parts.push(`${k}=${v}`);
  for (const term of list(dig(spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'))) {
    for (const e of list(term.matchExpressions)) parts.push(`${str(e.key)} ${str(e.operator)} ${strings(e.values).join('|')}`.trim());
  }
  return parts.length ? parts.join(', ') : 'any node';
}

/** Facts of a workload in an environment. */
export function workloadFacts(w: K8sObject, set: ObjectSet): WorkloadFacts {
  const facts = new Map<string, string>();
  const used = new Set<string>();
  const name = nameOf(w);
  const namespace = w.metadata?.namespace;
  const labels = podLabels(w);
  const spec = podSpec(w);
  const use = (o: K8sObject) => used.add(keyOf(o));

  // Replicas: the HPA that scales it wins over spec.replicas.
  const hpa = set.ofKind('HorizontalPodAutoscaler').find((h) => str(dig(h, 'spec', 'scaleTargetRef', 'kind')) === w.kind && str(dig(h, 'spec', 'scaleTargetRef', 'name')) === name);
  if (hpa) {
    use(hpa);
    const cpu = list(dig(hpa, 'spec', 'metrics')).map((m) => str(dig(m, 'resource', 'target', 'averageUtilization'))).find(Boolean);
    facts.set('replicas', `HPA ${str(dig(hpa, 'spec', 'minReplicas')) ?? '1'}..${str(dig(hpa, 'spec', 'maxReplicas'))}${cpu ? ` at ${cpu}% CPU` : ''}`);
  } else {
    facts.set('replicas', `${str(dig(w, 'spec', 'replicas')) ?? '1'} fixed`);
  }
  const pdb = set.ofKind('PodDisruptionBudget').find((p) => labelSelectorSelects(dig(p, 'spec', 'selector'), labels));
  if (pdb) {
    use(pdb);
    const min = str(dig(pdb, 'spec', 'minAvailable'));
    const max = str(dig(pdb, 'spec', 'maxUnavailable'));
    facts.set('disruption budget', min !== undefined ? `minAvailable ${min}` : max !== undefined ? `maxUnavailable ${max}` : 'present');
  } else {
    facts.set('disruption budget', 'none');
  }

  // Containers: image, resources, literal env (database wiring apart).
  const containers = [...list(spec.initContainers), ...list(spec.containers)];
  const suffix = (c: Json) => (str(c.name) === name || containers.length === 1 ? '' : ` (${str(c.name)})`);
  const env = new Map<string, string>();
  let proxyInstance: string | undefined;
  for (const c of containers) {
    facts.set(`image${suffix(c)}`, str(c.image) ?? '?');
    facts.set(`resources${suffix(c)}`, resourcesText(c));
    for (const e of list(c.env)) {
      const value = str(e.value);
      const key = str(e.name);
      if (key === undefined || value === undefined) continue;
      if (DB_ENV.has(key)) env.set(key, value);
      else facts.set(`env ${key}${suffix(c)}`, value);
    }
    if (PROXY.test(str(c.image) ?? '') || PROXY.test(str(c.name) ?? '')) {
      proxyInstance = strings(c.args).filter((a) => !a.startsWith('-')).pop() ?? '?';
    }
  }

  // Database wiring.
  const dbHost = env.get('DB_HOST');
  if (dbHost !== undefined || proxyInstance !== undefined) {
    facts.set('DB_HOST', dbHost === undefined ? 'unset' : `${dbHost}${env.has('DB_PORT') ? `:${env.get('DB_PORT')}` : ''}`);
    const service = dbHost ? set.find('Service', dbHost.split('.')[0], namespace) : undefined;
    const backend = service ? set.workloads().find((x) => serviceSelects(dig(service, 'spec', 'selector'), podLabels(x))) : undefined;
    facts.set(
      'database',
      proxyInstance !== undefined
        ? `Cloud SQL proxy → ${proxyInstance}`
        : backend
          ? `in-cluster ${backend.kind} ${nameOf(backend)}`
          : `external host ${dbHost}`,
    );
  }

  // Storage: claim templates and mounted claims.
  for (const t of list(dig(w, 'spec', 'volumeClaimTemplates'))) {
    const size = str(dig(t, 'spec', 'resources', 'requests', 'storage'));
    facts.set(`storage ${str(dig(t, 'metadata', 'name'))} (claim template)`, `${str(dig(t, 'spec', 'storageClassName')) ?? 'default class'}, ${size ?? '?'}`);
  }
  for (const v of list(spec.volumes)) {
    const claim = str(dig(v, 'persistentVolumeClaim', 'claimName'));
    if (!claim) continue;
    const pvc = set.find('PersistentVolumeClaim', claim, namespace);
    if (pvc) use(pvc);
    facts.set(
      `storage ${claim}`,
      pvc ? `${str(dig(pvc, 'spec', 'storageClassName')) ?? 'default class'}, ${str(dig(pvc, 'spec', 'resources', 'requests', 'storage')) ?? '?'}` : 'claim not in the set',
    );
  }

  // Exposure: the Services that select its pods.
  for (const svc of set.ofKind('Service')) {
    if (!serviceSelects(dig(svc, 'spec', 'selector'), labels)) continue;
    use(svc);
    const s = nameOf(svc);
    const ports = list(dig(svc, 'spec', 'ports')).map((p) => str(p.port)).join(',');
    const headless = str(dig(svc, 'spec', 'clusterIP')) === 'None' ? ' headless' : '';
    facts.set(`service ${s}: type`, `${str(dig(svc, 'spec', 'type')) ?? 'ClusterIP'}${headless} :${ports}`);
    const policy = str(dig(svc, 'spec', 'externalTrafficPolicy'));
    if (policy) facts.set(`service ${s}: externalTrafficPolicy`, policy);
    for (const [k, v] of Object.entries(stringMap(dig(svc, 'metadata', 'annotations')))) facts.set(`service ${s}: annotation ${k}`, v);
  }

  // Config: keys of the ConfigMaps it reads.
  const configMaps = new Set<string>();
  for (const c of containers) for (const f of list(c.envFrom)) if (str(dig(f, 'configMapRef', 'name'))) configMaps.add(str(dig(f, 'configMapRef', 'name'))!);
  for (const v of list(spec.volumes)) if (str(dig(v, 'configMap', 'name'))) configMaps.add(str(dig(v, 'configMap', 'name'))!);
  for (const cm of [...configMaps].sort()) {
    const o = set.find('ConfigMap', cm, namespace);
    if (!o) continue;
    use(o);
    for (const [k, v] of Object.entries(stringMap(o.data))) facts.set(`config ${cm}: ${k}`, v);
  }

  facts.set('placement', affinityText(spec));
  const sa = str(spec.serviceAccountName);
  if (sa) facts.set('service account', sa);
  return { facts: ordered(facts), used };
}

/** Aspects in report order: scale, resources, storage, exposure, database, images, config, the rest. */
const ORDER = ['replicas', 'disruption budget', 'resources', 'storage', 'service', 'DB_HOST', 'database', 'image', 'config', 'env', 'placement', 'service account'];

/** Position of an aspect in reports (lower first). */
export function aspectRank(aspect: string): number {
  const exact = ORDER.indexOf(aspect);
  const i = exact >= 0 ? exact : ORDER.findIndex((prefix) => aspect.startsWith(`${prefix} `));
  return i < 0 ? ORDER.length : i;
}

function ordered(facts: Map<string, string>): Map<string, string> {
  return new Map([...facts.entries()].map((e, i) => ({ e, i })).sort((x, y) => aspectRank(x.e[0]) - aspectRank(y.e[0]) || x.i - y.i).map((x) => x.e));
}
