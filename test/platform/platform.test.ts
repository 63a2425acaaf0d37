import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { named, Obj, ofKind, podSpec, render } from '../support/render';

const ENVS = Object.values(BUILTIN_PROFILES);
const rendered = new Map<string, Obj[]>(ENVS.map((p) => [p.name, render(p)]));
const objectsOf = (env: string) => rendered.get(env)!;
const workloadsOf = (env: string) => [...ofKind(objectsOf(env), 'Deployment'), ...ofKind(objectsOf(env), 'StatefulSet')];

describe.each(ENVS.map((p) => [p.name, p] as [string, EnvironmentProfile]))('%s', (env, profile) => {
  const objs = objectsOf(env);

  test('has the seed inventory: Deployments, Services, ConfigMaps, PVCs, StorageClasses, a StatefulSet with claim templates', () => {
    expect(ofKind(objs, 'Deployment')).toHaveLength(16);
    expect(ofKind(objs, 'ConfigMap')).toHaveLength(10);
    expect(ofKind(objs, 'PersistentVolumeClaim')).toHaveLength(4);
    expect(ofKind(objs, 'StorageClass')).toHaveLength(2);
    expect(ofKind(objs, 'Service').length).toBeGreaterThanOrEqual(14);
    const rabbit = named(objs, 'StatefulSet', 'rabbitmq')!;
    expect(rabbit.spec.volumeClaimTemplates[0]).toMatchObject({
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: profile.storage.fast.name, resources: { requests: { storage: '10Gi' } } },
    });
    // Sessions and carts survive a restart: the sessions Redis is a StatefulSet with its own volume.
    expect(named(objs, 'StatefulSet', 'redis-sessions')!.spec.volumeClaimTemplates[0].spec.storageClassName).toBe(profile.storage.fast.name);
  });

  test('storage classes carry the platform provisioner', () => {
    const classes = ofKind(objs, 'StorageClass');
    expect(classes.map((c) => [c.metadata.name, c.provisioner])).toEqual([
      [profile.storage.fast.name, profile.storage.fast.provisioner],
      [profile.storage.bulk.name, profile.storage.bulk.provisioner],
    ]);
    for (const pvc of ofKind(objs, 'PersistentVolumeClaim')) expect(classes.map((c) => c.metadata.name)).toContain(pvc.spec.storageClassName);
  });

  test('every object has explicit names without hashes and the standard labels', () => {
    for (const o of objs) {
      expect(o.metadata.name).toMatch(/^[a-z0-9-]+$/);
      expect(o.metadata.name).not.toMatch(/-c8[0-9a-f]{6}$/);
      expect(o.metadata.labels?.['app.kubernetes.io/part-of']).toBe('shop');
      expect(o.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('shipyard-k8s');
    }
  });

  test('HPAs (autoscaling/v2) target existing workloads that do not pin replicas', () => {
    const hpas = ofKind(objs, 'HorizontalPodAutoscaler');
    if (!profile.autoscaling.enabled) {
      expect(hpas).toHaveLength(0);
      return;
    }
    expect(hpas.length).toBeGreaterThanOrEqual(5);
    for (const hpa of hpas) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec).toMatchObject({ minReplicas: profile.autoscaling.minReplicas, maxReplicas: profile.autoscaling.maxReplicas });
      expect(hpa.spec.behavior.scaleUp.policies.length).toBeGreaterThan(0);
      expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
      const target = named(objs, hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name);
      expect(target).toBeDefined();
      expect(target!.spec.replicas).toBeUndefined();
    }
  });

  test('workloads without an HPA have replicas set', () => {
    const scaled = new Set(ofKind(objs, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name));
    for (const w of workloadsOf(env).filter((w) => !scaled.has(w.metadata.name))) expect(w.spec.replicas).toBeGreaterThanOrEqual(1);
  });

  test('the Cloud SQL proxy runs exactly where the profile uses Cloud SQL', () => {
    const withProxy = workloadsOf(env).filter((w) => (podSpec(w).initContainers ?? []).some((c: Obj) => c.name === 'cloud-sql-proxy' && c.restartPolicy === 'Always'));
    for (const w of workloadsOf(env)) expect(podSpec(w).containers.map((c: Obj) => c.name)).not.toContain('cloud-sql-proxy');
    if (profile.database.mode === 'cloud-sql') {
      expect(withProxy.map((w) => w.metadata.name).sort()).toEqual(['admin', 'api', 'checkout', 'php-fpm', 'worker-feeds', 'worker-orders']);
      for (const w of withProxy) expect(podSpec(w).serviceAccountName).toBe('shop-app');
      expect(named(objs, 'StatefulSet', 'mysql')).toBeUndefined();
    } else {
      expect(withProxy).toHaveLength(0);
      const mysql = named(objs, 'StatefulSet', 'mysql')!;
      expect(mysql.spec.volumeClaimTemplates[0].spec.storageClassName).toBe(profile.storage.fast.name);
      expect(named(objs, 'Service', 'mysql')!.spec.clusterIP).toBe('None');
    }
  });

  test('only the edge proxy is public, exposed the way the profile says', () => {
    const publicServices = ofKind(objs, 'Service').filter((s) => s.spec.type !== 'ClusterIP');
    expect(publicServices.map((s) => s.metadata.name)).toEqual(['haproxy']);
    expect(publicServices[0].spec.type).toBe(profile.exposure.serviceType);
  });

  test('no Secret carries values outside a laptop', () => {
    const withValues = ofKind(objs, 'Secret').filter((s) => s.data || s.stringData);
    if (profile.secrets.mode === 'inline-dev') expect(withValues.length).toBeGreaterThan(0);
    else {
      expect(withValues).toHaveLength(0);
      expect(ofKind(objs, 'ExternalSecret').map((s) => s.spec.target.name).sort()).toEqual(['database', 'grafana', 'mail', 'payments', 'rabbitmq', 'session', 'shop-tls']);
    }
  });

  test('images come from the profile registry (Cloud SQL proxy aside)', () => {
    for (const w of workloadsOf(env)) {
      for (const c of podSpec(w).containers.filter((c: Obj) => c.name !== 'cloud-sql-proxy')) expect(c.image.startsWith(`${profile.registry}/`)).toBe(true);
    }
  });
});

test('the same workloads, by name, exist in every environment (the database aside)', () => {
  const names = (env: string) => workloadsOf(env).map((w) => `${w.kind}/${w.metadata.name}`).filter((n) => n !== 'StatefulSet/mysql').sort();
  for (const p of ENVS) expect(names(p.name)).toEqual(names('minikube'));
});

test('per-service overrides change one service only', () => {
  const objs = render({ ...BUILTIN_PROFILES.gke, services: { checkout: { replicas: 5, tag: '1.0.1' } } });
  const checkout = named(objs, 'Deployment', 'checkout')!;
  expect(checkout.spec.replicas).toBe(5);
  expect(podSpec(checkout).containers[0].image).toBe('europe-docker.pkg.dev/acme-shop-prod/images/shop-checkout:1.0.1');
  expect(named(objs, 'HorizontalPodAutoscaler', 'checkout')).toBeUndefined();
  // Untouched services keep their locked digest (gke pins digests); the overridden tag is in no lock entry.
  expect(podSpec(named(objs, 'Deployment', 'api')!).containers[0].image).toMatch(/shop-api:1\.0\.0@sha256:[a-f0-9]{64}$/);
});

test('a replica override on a singleton is refused, not silently ignored', () => {
  expect(() => render({ ...BUILTIN_PROFILES.gke, services: { prometheus: { replicas: 3 } } })).toThrow(
    /services\.prometheus\.replicas is 3 in environment "gke", but "prometheus" always runs 1/,
  );
});

test('the edge proxy mounts its TLS certificate read-only from the shop-tls Secret, or self-signs it where there is no secret store', () => {
  for (const p of ENVS) {
    const haproxy = podSpec(named(objectsOf(p.name), 'Deployment', 'haproxy')!);
    const volume = haproxy.volumes.find((v: Obj) => v.secret?.secretName === 'shop-tls');
    if (p.secrets.mode === 'inline-dev') {
      expect(volume).toBeUndefined();
      expect(haproxy.initContainers.map((c: Obj) => c.name)).toEqual(['self-signed-certificate']);
      continue;
    }
    expect(volume).toBeDefined();
    expect(haproxy.containers[0].volumeMounts).toContainEqual({ name: volume.name, mountPath: '/etc/haproxy/certs', readOnly: true });
  }
});

test('NetworkPolicies admit exactly the callers the configs point at', () => {
  const objs = objectsOf('baremetal');
  const callers = (name: string) =>
    named(objs, 'NetworkPolicy', name)!.spec.ingress.flatMap((rule: Obj) => (rule.from ?? []).map((peer: Obj) => peer.podSelector.matchLabels['app.kubernetes.io/name'])).sort();
  expect(callers('varnish')).toEqual(['haproxy', 'prerender']);
  expect(callers('web')).toEqual(['prometheus', 'varnish']);
  expect(callers('php-fpm')).toEqual(['web']);
  expect(callers('prometheus')).toEqual(['grafana']);
  expect(callers('mysql')).toEqual(['admin', 'api', 'checkout', 'php-fpm', 'shop-migrate', 'worker-feeds', 'worker-orders']);
  expect(named(objs, 'NetworkPolicy', 'haproxy')!.spec.ingress).toEqual([{ ports: [{ port: 'https', protocol: 'TCP' }, { port: 'http', protocol: 'TCP' }] }]);
  expect(named(objs, 'NetworkPolicy', 'default-deny')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
});
