import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckContext, checkObjects, RULES } from '../../src/policy';
import {
  allowIngress,
  clone,
  compliantSet,
  configMap,
  podSpec,
  defaultDeny,
  deployment,
  find,
  hpa,
  Manifest,
  MINIKUBE,
  namespace,
  pdb,
  service,
  STAGING,
  wrap,
} from './fixtures';

/** Findings of one rule for a set. */
function findingsOf(ruleId: string, set: Manifest[], ctx: CheckContext = STAGING) {
  return checkObjects(wrap(set), ctx).findings.filter((f) => f.ruleId === ruleId);
}

type Mutate = (set: Manifest[]) => void;
interface Case {
  readonly name: string;
  readonly mutate: Mutate;
  /** Expected messages (regex), one per finding of the rule; [] for a passing case. */
  readonly expect: RegExp[];
  /** Object label of the (first) finding. */
  readonly object?: string;
  readonly ctx?: CheckContext;
}

// Tests mutate deep into manifests; `any` keeps those one-liners readable (test code only).
type Json = Record<string, any>;
const dep = (set: Manifest[], name = 'web'): Json => find(set, 'Deployment', name) as Json;
const podOf = (set: Manifest[], name = 'web'): Json => dep(set, name).spec.template.spec;
const ctr = (set: Manifest[], name = 'web'): Json => podOf(set, name).containers[0];
const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;
/** Staging, pinning digests, with an empty lock. */
const LOCKED: CheckContext = { ...STAGING, imageLock: { pinDigests: true, registry: 'registry.example.com', digests: {}, file: 'images.lock.json' } };

/** A worker without ports (not served, no probes needed), compliant otherwise. */
function worker(ns: string, name: string): Manifest[] {
  return [deployment(ns, name, { replicas: 1 }), configMap(ns, `${name}-config`)];
}

/** A migration Job of version 1.2.0, compliant (with the ConfigMap its pod template references). */
function migrationJob(mutate: (job: Json) => void = () => undefined): Manifest[] {
  const labels = { 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/component': 'migration', 'app.kubernetes.io/version': '1.2.0' };
  const spec = podSpec('migrate') as Json;
  spec.restartPolicy = 'Never';
  const job: Json = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate-1-2-0', namespace: 'shop', labels },
    spec: { backoffLimit: 2, activeDeadlineSeconds: 600, template: { metadata: { labels }, spec } },
  };
  mutate(job);
  return [job, configMap('shop', 'migrate-config')];
}

const CASES: Record<string, Case[]> = {
  schema: [
    { name: 'wrong enum', mutate: (s) => (ctr(s).imagePullPolicy = 'Sometimes'), expect: [/containers\[0\]\.imagePullPolicy: must be equal to one of the allowed values/], object: 'Deployment shop/web' },
    { name: 'unknown field', mutate: (s) => (ctr(s).resource = {}), expect: [/containers\[0\]\.resource: unknown field/] },
    { name: 'unknown kind', mutate: (s) => s.push({ apiVersion: 'v1', kind: 'ConfigMaps', metadata: { name: 'x', namespace: 'shop' } }), expect: [/no schema for kind "ConfigMaps"/] },
    { name: 'valid IPAddressPool in a system namespace', mutate: (s) => s.push({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { addresses: ['10.0.0.10-10.0.0.20'] } }), expect: [] },
  ],
  'unique-objects': [
    { name: 'the same ConfigMap twice', mutate: (s) => s.push(configMap('shop', 'web-config', { OTHER: 'x' })), expect: [/ConfigMap shop\/web-config is also defined by an earlier object/] },
    { name: 'same name in another namespace or of another kind', mutate: (s) => s.push(namespace('other'), configMap('other', 'web-config'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web-config', namespace: 'shop' } }), expect: [] },
  ],
  'valid-labels': [
    { name: 'underscore in the key prefix', mutate: (s) => (dep(s).metadata.labels['my_org.io/team'] = 'a'), expect: [/metadata\.labels: invalid label key "my_org\.io\/team": the prefix must be a DNS subdomain/] },
    { name: 'invalid value in the pod template', mutate: (s) => (dep(s).spec.template.metadata.labels.tier = 'front end'), expect: [/spec\.template\.metadata\.labels\["tier"\]: invalid label value "front end"/] },
    { name: 'too long value in a Service selector', mutate: (s) => (find(s, 'Service', 'web') as Json).spec.selector.x = 'a'.repeat(64), expect: [/spec\.selector\["x"\]: invalid label value .* at most 63/] },
    { name: 'prefixed keys, empty values', mutate: (s) => Object.assign(dep(s).metadata.labels, { 'app.kubernetes.io/name': 'web', 'example.com/empty': '', 'a_b.c-d': 'X_y.z' }), expect: [] },
  ],
  'object-name': [
    { name: 'underscore and capitals in a Service name', mutate: (s) => ((find(s, 'Service', 'web') as Json).metadata.name = 'Search_API'), expect: [/metadata\.name "Search_API": a Service name must be an RFC 1035 DNS label/], object: 'Service shop/Search_API' },
    { name: 'dotted ConfigMap name', mutate: (s) => s.push(configMap('shop', 'app.config.v2')), expect: [] },
  ],
  'valid-annotations': [
    { name: 'space in a key', mutate: (s) => (dep(s).metadata.annotations = { 'my key': 'x' }), expect: [/metadata\.annotations: invalid annotation key "my key"/] },
    { name: 'prefixed key, any value', mutate: (s) => (dep(s).metadata.annotations = { 'example.com/note': 'any text: at all' }), expect: [] },
  ],
  'config-data-size': [
    { name: 'over 1 MiB', mutate: (s) => s.push(configMap('shop', 'big', { 'a.txt': 'x'.repeat(1024 * 1024 + 1) })), expect: [/a ConfigMap holds at most 1048576/], object: 'ConfigMap shop/big' },
    { name: 'file-like keys', mutate: (s) => s.push(configMap('shop', 'files', { 'nginx.conf': 'x', '_a-b': 'y' })), expect: [] },
  ],
  'storage-request': [
    { name: '0Gi', mutate: (s) => s.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd', namespace: 'shop' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0Gi' } } } }), expect: [/storage "0Gi": must be greater than zero/] },
    { name: '1Gi', mutate: (s) => s.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd', namespace: 'shop' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }), expect: [] },
  ],
  'object-size': [
    { name: 'over 256 KiB', mutate: (s) => s.push(configMap('shop', 'mid', { 'a.txt': 'x'.repeat(300 * 1024) })), expect: [/kubectl apply` without --server-side fails above 262144/], object: 'ConfigMap shop/mid' },
    { name: 'under 256 KiB', mutate: (s) => s.push(configMap('shop', 'small', { 'a.txt': 'x'.repeat(100 * 1024) })), expect: [] },
  ],
  'namespace-pod-security': [
    { name: 'no label', mutate: (s) => delete (s[0] as Json).metadata.labels, expect: [/has no pod-security\.kubernetes\.io\/enforce label/], object: 'Namespace shop' },
    { name: 'baseline', mutate: (s) => ((s[0] as Json).metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline'), expect: [/is "baseline", not "restricted"/] },
  ],
  'namespace-declared': [
    { name: 'undeclared namespace', mutate: (s) => s.push(configMap('billing', 'c')), expect: [/Namespace "billing" is not declared/], object: 'ConfigMap billing/c' },
    { name: 'no namespace', mutate: (s) => s.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} }), expect: [/without a namespace/], object: 'ConfigMap c' },
    { name: 'system namespace and cluster-scoped objects', mutate: (s) => s.push(configMap('kube-system', 'c'), { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'pd.csi.storage.gke.io' }), expect: [] },
  ],
  'image-tag-pinned': [
    { name: ':latest', mutate: (s) => (ctr(s).image = 'nginx:latest'), expect: [/image "nginx:latest" uses the :latest tag/] },
    { name: 'no tag behind a registry port', mutate: (s) => (ctr(s).image = 'registry.local:5000/shop/web'), expect: [/has no tag/] },
    { name: 'init container too', mutate: (s) => (podOf(s).initContainers = [{ ...ctr(s), name: 'migrate', image: 'migrate' }]), expect: [/init container "migrate" image "migrate" has no tag/] },
    { name: 'tag behind a registry port, and a digest', mutate: (s) => { ctr(s).image = 'registry.local:5000/shop/web:2.0.1'; ctr(s, 'api').image = `web@sha256:${'a'.repeat(64)}`; }, expect: [] },
  ],
  'image-digest-locked': [
    { name: 'a pinning environment, an image the lock lacks', ctx: { ...LOCKED, imageLock: { ...LOCKED.imageLock!, digests: { 'api:1.4.2': DIGEST_A } } }, mutate: (s) => (ctr(s, 'api').image = `registry.example.com/api:1.4.2@${DIGEST_A}`), expect: [/container "web" image "registry\.example\.com\/web:1\.4\.2" has no digest: images\.lock\.json has no entry "web:1\.4\.2" and this environment pins digests/], object: 'Deployment shop/web' },
    { name: 'locked but written without the digest', ctx: { ...LOCKED, imageLock: { ...LOCKED.imageLock!, digests: { 'web:1.4.2': DIGEST_A } } }, mutate: (s) => (ctr(s, 'api').image = `registry.example.com/api:1.4.2@${DIGEST_A}`), expect: [/image "registry\.example\.com\/web:1\.4\.2" is not pinned by digest although images\.lock\.json locks "web:1\.4\.2" to sha256:a{64}/] },
    { name: 'a digest that is not the locked one, in any environment', ctx: { ...STAGING, imageLock: { ...LOCKED.imageLock!, pinDigests: false, digests: { 'web:1.4.2': DIGEST_A } } }, mutate: (s) => (ctr(s).image = `registry.example.com/web:1.4.2@${DIGEST_B}`), expect: [/names digest sha256:b{64}, but images\.lock\.json locks "web:1\.4\.2" to sha256:a{64}/] },
    { name: 'every image at its locked digest; a digest the code names itself', ctx: { ...LOCKED, imageLock: { ...LOCKED.imageLock!, digests: { 'web:1.4.2': DIGEST_A } } }, mutate: (s) => { ctr(s).image = `registry.example.com/web:1.4.2@${DIGEST_A}`; ctr(s, 'api').image = `vendor.example.com/api@${DIGEST_B}`; }, expect: [] },
    { name: 'no lock check without a lock context', mutate: () => undefined, expect: [] },
  ],
  'container-resources': [
    { name: 'no memory limit', mutate: (s) => delete ctr(s).resources.limits, expect: [/container "web" sets no limits\.memory/] },
    { name: 'sidecar without requests', mutate: (s) => (podOf(s).initContainers = [{ ...ctr(s), name: 'proxy', restartPolicy: 'Always', resources: { limits: { memory: '64Mi' } } }]), expect: [/sidecar container "proxy" sets no requests\.cpu, requests\.memory/] },
    { name: 'numbers as quantities', mutate: (s) => (ctr(s).resources = { requests: { cpu: 1, memory: 134217728 }, limits: { memory: 134217728 } }), expect: [] },
  ],
  probes: [
    { name: 'no readiness probe', mutate: (s) => delete ctr(s).readinessProbe, expect: [/declares ports but has no readinessProbe/] },
    { name: 'no probes', mutate: (s) => { delete ctr(s).readinessProbe; delete ctr(s).livenessProbe; }, expect: [/no readinessProbe and no livenessProbe/] },
    { name: 'identical probes', mutate: (s) => (ctr(s).livenessProbe = clone(ctr(s).readinessProbe)), expect: [/identical readiness and liveness probes/] },
    { name: 'containers without ports need none', mutate: (s) => s.push(...worker('shop', 'mailer')), expect: [] },
  ],
  'run-as-non-root': [
    { name: 'no runAsNonRoot', mutate: (s) => delete podOf(s).securityContext.runAsNonRoot, expect: [/does not set runAsNonRoot: true/] },
    { name: 'container runs as UID 0', mutate: (s) => (ctr(s).securityContext.runAsUser = 0), expect: [/runs as UID 0/] },
    { name: 'container-level only', mutate: (s) => { delete podOf(s).securityContext.runAsNonRoot; ctr(s).securityContext.runAsNonRoot = true; }, expect: [] },
  ],
  'no-privilege-escalation': [
    { name: 'not set', mutate: (s) => delete ctr(s).securityContext.allowPrivilegeEscalation, expect: [/allowPrivilegeEscalation: false/] },
    { name: 'true', mutate: (s) => (ctr(s).securityContext.allowPrivilegeEscalation = true), expect: [/allowPrivilegeEscalation: false/] },
  ],
  'drop-capabilities': [
    { name: 'no drop', mutate: (s) => delete ctr(s).securityContext.capabilities, expect: [/does not drop ALL capabilities/] },
    { name: 'adds NET_ADMIN', mutate: (s) => (ctr(s).securityContext.capabilities.add = ['NET_ADMIN', 'NET_BIND_SERVICE']), expect: [/adds capabilities NET_ADMIN \(only NET_BIND_SERVICE/] },
    { name: 'adds NET_BIND_SERVICE', mutate: (s) => (ctr(s).securityContext.capabilities.add = ['NET_BIND_SERVICE']), expect: [] },
  ],
  'seccomp-profile': [
    { name: 'none', mutate: (s) => delete podOf(s).securityContext.seccompProfile, expect: [/has no seccomp profile/] },
    { name: 'container Unconfined overrides the pod', mutate: (s) => (ctr(s).securityContext.seccompProfile = { type: 'Unconfined' }), expect: [/uses seccomp profile Unconfined/] },
    { name: 'container Localhost', mutate: (s) => { delete podOf(s).securityContext.seccompProfile; ctr(s).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/web.json' }; }, expect: [] },
  ],
  'read-only-root-fs': [
    { name: 'writable', mutate: (s) => (ctr(s).securityContext.readOnlyRootFilesystem = false), expect: [/readOnlyRootFilesystem: true/] },
  ],
  'no-privileged': [
    { name: 'privileged', mutate: (s) => (ctr(s).securityContext.privileged = true), expect: [/container "web" is privileged/] },
    { name: 'explicitly not privileged', mutate: (s) => (ctr(s).securityContext.privileged = false), expect: [] },
  ],
  'no-host-namespaces': [
    { name: 'hostNetwork and hostPID', mutate: (s) => Object.assign(podOf(s), { hostNetwork: true, hostPID: true }), expect: [/hostNetwork: the pod shares the node's Network namespace/, /hostPID/] },
    { name: 'explicit false', mutate: (s) => Object.assign(podOf(s), { hostNetwork: false, hostIPC: false }), expect: [] },
  ],
  'no-host-path': [
    { name: 'hostPath volume', mutate: (s) => (podOf(s).volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]), expect: [/volume "docker" mounts host path "\/var\/run\/docker.sock"/] },
    { name: 'emptyDir', mutate: (s) => (podOf(s).volumes = [{ name: 'tmp', emptyDir: {} }]), expect: [] },
  ],
  'no-host-port': [
    { name: 'hostPort', mutate: (s) => (ctr(s).ports[0].hostPort = 8080), expect: [/binds host port 8080/] },
  ],
  'pod-disruption-budget': [
    { name: 'no PDB', mutate: (s) => s.splice(s.indexOf(find(s, 'PodDisruptionBudget', 'web')), 1), expect: [/runs 2 replicas but no PodDisruptionBudget selects its pods/], object: 'Deployment shop/web' },
    { name: 'minAvailable equal to replicas', mutate: (s) => (find(s, 'PodDisruptionBudget', 'web') as Json).spec = { selector: { matchLabels: { app: 'web' } }, minAvailable: 2 }, expect: [/\(minAvailable: 2\) allows no eviction at 2 replicas/] },
    { name: 'minAvailable equal to the HPA minReplicas', mutate: (s) => (find(s, 'PodDisruptionBudget', 'api') as Json).spec = { selector: { matchLabels: { app: 'api' } }, minAvailable: '100%' }, expect: [/allows no eviction at 2 replicas \(autoscaled from 2 replicas by HorizontalPodAutoscaler api\)/], object: 'Deployment shop/api' },
    { name: 'maxUnavailable 0', mutate: (s) => (find(s, 'PodDisruptionBudget', 'web') as Json).spec = { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 0 }, expect: [/maxUnavailable: 0/] },
    { name: 'two PDBs', mutate: (s) => s.push({ ...pdb('shop', 'web'), metadata: { name: 'web-2', namespace: 'shop' } }), expect: [/2 PodDisruptionBudgets \(web, web-2\) select its pods/] },
    { name: 'single replica needs none; minAvailable below replicas and percentages allow a drain', mutate: (s) => {
        s.splice(s.indexOf(find(s, 'PodDisruptionBudget', 'web')), 1);
        dep(s).spec.replicas = 1;
        (find(s, 'PodDisruptionBudget', 'api') as Json).spec = { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] }, minAvailable: '50%' };
      }, expect: [] },
  ],
  'spread-over-nodes': [
    { name: 'no spread', mutate: (s) => delete podOf(s).topologySpreadConstraints, expect: [/runs 2 replicas but has no topologySpreadConstraints or podAntiAffinity/] },
    { name: 'spread selects other pods', mutate: (s) => (podOf(s).topologySpreadConstraints[0].labelSelector = { matchLabels: { app: 'other' } }), expect: [/does not select its own pods/] },
    { name: 'spread over a non-node key', mutate: (s) => (podOf(s).topologySpreadConstraints[0].topologyKey = 'example.com/rack'), expect: [/has no topologySpreadConstraints/] },
    { name: 'preferred podAntiAffinity on zones', mutate: (s) => {
        delete podOf(s).topologySpreadConstraints;
        podOf(s).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { app: 'web' } } } }] } };
      }, expect: [] },
  ],
  'job-bounded': [
    { name: 'no backoffLimit, no deadline', mutate: (s) => s.push(...migrationJob((j) => { delete j.spec.backoffLimit; delete j.spec.activeDeadlineSeconds; })), expect: [/spec.backoffLimit is not set/, /spec.activeDeadlineSeconds is not set/], object: 'Job shop/migrate-1-2-0' },
    { name: 'too many retries', mutate: (s) => s.push(...migrationJob((j) => (j.spec.backoffLimit = 10))), expect: [/backoffLimit: 10 retries/] },
    { name: 'bounded', mutate: (s) => s.push(...migrationJob()), expect: [] },
  ],
  'job-no-rerun': [
    { name: 'a TTL', mutate: (s) => s.push(...migrationJob((j) => (j.spec.ttlSecondsAfterFinished = 60))), expect: [/ttlSecondsAfterFinished: 60/], object: 'Job shop/migrate-1-2-0' },
    { name: 'a migration not named for its version', mutate: (s) => s.push(...migrationJob((j) => (j.metadata.name = 'migrate'))), expect: [/not named for its version 1.2.0/] },
    { name: 'named for its version', mutate: (s) => s.push(...migrationJob()), expect: [] },
  ],
  'hpa-valid': [
    { name: 'minReplicas above maxReplicas', mutate: (s) => Object.assign((find(s, 'HorizontalPodAutoscaler', 'api') as Json).spec, { minReplicas: 6, maxReplicas: 5 }), expect: [/minReplicas: 6 is greater than spec.maxReplicas: 5/], object: 'HorizontalPodAutoscaler shop/api' },
    { name: 'minReplicas 0', mutate: (s) => ((find(s, 'HorizontalPodAutoscaler', 'api') as Json).spec.minReplicas = 0), expect: [/minReplicas: 0 is below 1/] },
    { name: 'missing target', mutate: (s) => s.push(hpa('shop', 'ghost')), expect: [/Deployment ghost does not exist in namespace shop/] },
    { name: 'target sets replicas', mutate: (s) => (dep(s, 'api').spec.replicas = 3), expect: [/Deployment shop\/api sets spec\.replicas/] },
    { name: 'StatefulSet target', mutate: (s) => {
        const sts = deployment('shop', 'db', { port: 3306 }) as Json;
        sts.kind = 'StatefulSet';
        delete sts.spec.replicas;
        sts.spec.serviceName = 'db';
        s.push(sts, hpa('shop', 'db', 1, 3, 'StatefulSet'), configMap('shop', 'db-config'), pdb('shop', 'db'));
      }, expect: [] },
  ],
  'service-selects-pods': [
    { name: 'selector matches nothing', mutate: (s) => ((find(s, 'Service', 'web') as Json).spec.selector = { app: 'wbe' }), expect: [/spec\.selector: \{"app":"wbe"\} matches the pod template labels of no workload/], object: 'Service shop/web' },
    { name: 'pods in another namespace do not count', mutate: (s) => s.push(namespace('other'), { ...service('other', 'web') }), expect: [/matches the pod template labels of no workload in namespace other/] },
    { name: 'numeric targetPort not exposed', mutate: (s) => ((find(s, 'Service', 'web') as Json).spec.ports[0].targetPort = 9090), expect: [/targetPort: Deployment shop\/web \(selected by the Service\) has no containerPort 9090/] },
    { name: 'named targetPort not exposed', mutate: (s) => ((find(s, 'Service', 'web') as Json).spec.ports[0].targetPort = 'metrics'), expect: [/targetPort: Deployment shop\/web \(selected by the Service\) has no container port named "metrics"/] },
    { name: 'no selector', mutate: (s) => delete (find(s, 'Service', 'web') as Json).spec.selector, expect: [/has no selector/] },
    { name: 'numeric targetPort, headless without selector, ExternalName', mutate: (s) => {
        (find(s, 'Service', 'web') as Json).spec.ports[0].targetPort = 8080;
        s.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'peers', namespace: 'shop' }, spec: { clusterIP: 'None', ports: [{ port: 7000 }] } });
        s.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'mail', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'smtp.example.com' } });
      }, expect: [] },
  ],
  'references-resolve': [
    { name: 'missing ConfigMap', mutate: (s) => s.splice(s.indexOf(find(s, 'ConfigMap', 'web-config')), 1), expect: [/envFrom\[0\]\.configMapRef: ConfigMap "web-config" does not exist in namespace shop/] },
    { name: 'missing Secret, image pull Secret and key', mutate: (s) => {
        ctr(s).env = [
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'LEVEL' } } },
        ];
        podOf(s).imagePullSecrets = [{ name: 'registry' }];
        podOf(s).serviceAccountName = 'web';
      }, expect: [/env\[0\]\.valueFrom\.secretKeyRef: Secret "db" does not exist in namespace shop \(nor an ExternalSecret producing it\)/, /env\[1\]\.valueFrom\.configMapKeyRef: ConfigMap "web-config" has no key "LEVEL"/, /imagePullSecrets\[0\]: Secret "registry" does not exist/, /serviceAccountName: ServiceAccount "web" does not exist in namespace shop/] },
    { name: 'missing claim and volume', mutate: (s) => {
        podOf(s).volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'cfg', projected: { sources: [{ secret: { name: 'tls' } }] } }];
        ctr(s).volumeMounts = [{ name: 'cache', mountPath: '/cache' }];
      }, expect: [/volumes\[0\]\.persistentVolumeClaim: PersistentVolumeClaim "data" does not exist/, /volumes\[1\]\.projected\.sources\[0\]\.secret: Secret "tls" does not exist/, /volumeMounts\[0\]: mounts volume "cache", which the pod does not declare/] },
    { name: 'missing StorageClass of a claim', mutate: (s) => s.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }), expect: [/spec\.storageClassName: StorageClass "fast" does not exist/], object: 'PersistentVolumeClaim shop/data' },
    { name: 'optional refs, Secrets from ExternalSecrets, provided StorageClass', ctx: { ...STAGING, clusterProvided: [{ kind: 'StorageClass', name: 'standard-rwo' }] }, mutate: (s) => {
        ctr(s).env = [
          { name: 'A', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
          { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'user' } } },
          { name: 'C', valueFrom: { configMapKeyRef: { name: 'absent', key: 'x', optional: true } } },
        ];
        podOf(s).volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
        ctr(s).volumeMounts = [{ name: 'data', mountPath: '/data' }];
        podOf(s).serviceAccountName = 'web';
        podOf(s, 'api').serviceAccountName = 'default';
        s.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop' }, automountServiceAccountToken: false });
        const es = (name: string, target?: string) => ({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name, namespace: 'shop' }, spec: { secretStoreRef: { name: 'gcp', kind: 'ClusterSecretStore' }, ...(target ? { target: { name: target } } : {}), data: [{ secretKey: 'password', remoteRef: { key: 'k' } }] } });
        s.push(es('shop-db', 'db-credentials'), es('db'));
        s.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec: { storageClassName: 'standard-rwo', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
      }, expect: [] },
  ],
  'network-policy-default-deny': [
    { name: 'no default deny', mutate: (s) => s.splice(s.indexOf(find(s, 'NetworkPolicy', 'default-deny')), 1), expect: [/not covered by a default-deny ingress and egress NetworkPolicy in namespace shop/, /not covered/] },
    { name: 'an allow-all is no deny', mutate: (s) => ((find(s, 'NetworkPolicy', 'default-deny') as Json).spec.ingress = [{}]), expect: [/not covered by a default-deny ingress NetworkPolicy/, /not covered/] },
    { name: 'ingress-only deny leaves egress open', mutate: (s) => ((find(s, 'NetworkPolicy', 'default-deny') as Json).spec.policyTypes = ['Ingress']), expect: [/not covered by a default-deny egress NetworkPolicy in namespace shop/, /egress/] },
    { name: 'an egress allow-all is no deny', mutate: (s) => ((find(s, 'NetworkPolicy', 'default-deny') as Json).spec.egress = [{}]), expect: [/default-deny egress/, /default-deny egress/] },
    { name: 'implicit policyTypes imply ingress only', mutate: (s) => delete (find(s, 'NetworkPolicy', 'default-deny') as Json).spec.policyTypes, expect: [/default-deny egress/, /default-deny egress/] },
  ],
  'network-policy-ingress': [
    { name: 'served workload without an allow', mutate: (s) => s.splice(s.indexOf(find(s, 'NetworkPolicy', 'web-ingress')), 1), expect: [/Service web routes to its pods, but no NetworkPolicy selecting them allows ingress/], object: 'Deployment shop/web' },
    { name: 'an Egress-only policy allows no ingress', mutate: (s) => ((find(s, 'NetworkPolicy', 'web-ingress') as Json).spec.policyTypes = ['Egress']), expect: [/no NetworkPolicy selecting them allows ingress/] },
    { name: 'workloads no Service selects need no allow', mutate: (s) => s.push(...worker('shop', 'mailer')), expect: [] },
  ],
  'no-inline-secrets': [
    { name: 'Secret with data in staging', mutate: (s) => s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password: 'hunter2' } }), expect: [/carries secret values in stringData \(keys: password\), which environment staging does not allow/], object: 'Secret shop/db' },
    { name: 'Secret without values (e.g. a TLS placeholder filled by a controller)', mutate: (s) => s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque' }), expect: [] },
    { name: 'Secret with data on minikube', ctx: MINIKUBE, mutate: (s) => s.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { password: 'aHVudGVyMg==' } }), expect: [] },
  ],
};

describe('policy rules', () => {
  test('the compliant set has no findings at all', () => {
    expect(checkObjects(wrap(compliantSet()), STAGING)).toEqual({ findings: [], waived: [] });
  });

  test('every rule has a failing and a passing case', () => {
    for (const rule of RULES) {
      const cases = CASES[rule.id] ?? [];
      expect([rule.id, cases.some((c) => c.expect.length > 0)]).toEqual([rule.id, true]);
    }
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test('every rule has an id, a one-line rationale and a fix', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z][a-z-]*$/);
      expect(rule.rationale).not.toMatch(/\n/);
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });

  for (const [ruleId, cases] of Object.entries(CASES)) {
    describe(ruleId, () => {
      for (const c of cases) {
        test(`${c.expect.length > 0 ? 'fails' : 'passes'}: ${c.name}`, () => {
          const set = clone(compliantSet());
          c.mutate(set);
          const findings = findingsOf(ruleId, set, c.ctx);
          expect(findings.map((f) => f.message)).toEqual(c.expect.map((re) => expect.stringMatching(re)));
          if (c.object) expect(findings[0].object).toBe(c.object);
          for (const f of findings) {
            expect(f.environment).toBe((c.ctx ?? STAGING).environment);
            expect(f.fix.length).toBeGreaterThan(0);
          }
        });
      }
    });
  }

  test('a served workload behind a default deny with no allows at all is flagged (the default deny alone is not enough)', () => {
    const set = [namespace('shop'), defaultDeny('shop'), deployment('shop', 'web', { replicas: 1, port: 8080 }), configMap('shop', 'web-config'), service('shop', 'web')];
    expect(findingsOf('network-policy-ingress', set).map((f) => f.object)).toEqual(['Deployment shop/web']);
    expect(findingsOf('network-policy-ingress', [...set, allowIngress('shop', 'web')])).toEqual([]);
  });
});

test('src/policy/README.md lists every rule', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'policy', 'README.md'), 'utf8');
  for (const rule of RULES) expect([rule.id, readme.includes(`| \`${rule.id}\` | ${rule.severity} |`)]).toEqual([rule.id, true]);
});
