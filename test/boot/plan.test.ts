import { planBoot, PlanError, expandRefs } from '../../src/boot/plan';
import { imageRepository } from '../../src/boot/images';
import { KubeObject } from '../../src/boot/wire';

const ns = 'shop';
const meta = (name: string, labels: Record<string, string> = {}) => ({ name, namespace: ns, labels });
const secure = { runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

function deployment(name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name),
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { securityContext: { fsGroup: 1000 }, containers: [{ name, securityContext: secure, ...container }], ...extra } },
    },
  };
}

const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('varnish-config'), data: { 'default.vcl': 'vcl 4.1;', SIZE: '64m' } };
const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta('creds'), data: { password: Buffer.from('s3cret').toString('base64') } };

describe('planBoot: what the kubelet runs', () => {
  test('reproduces the varnish image entrypoint: arguments starting with "-" get varnishd and an :80 listener prepended', () => {
    const plan = planBoot([deployment('varnish', { image: 'registry.local/shop/varnish:7.4.2', args: ['-a', ':8080'] })]);
    const argv = plan.pods[0].containers[0].argv;
    expect(argv.slice(0, 2)).toEqual(['varnishd', '-F']);
    expect(argv).toContain('http=:80,HTTP');
    expect(argv.slice(-2)).toEqual(['-a', ':8080']);
  });

  test('a full command runs as written, without the entrypoint script', () => {
    const plan = planBoot([deployment('varnish', { image: 'registry.local/shop/varnish:7.4.2', command: ['varnishd', '-F', '-a', ':8080'] })]);
    expect(plan.pods[0].containers[0].argv).toEqual(['varnishd', '-F', '-a', ':8080']);
  });

  test('haproxy: the image CMD through docker-entrypoint.sh gets -W -db', () => {
    const plan = planBoot([deployment('haproxy', { image: 'eu.gcr.io/p/haproxy:2.8.5' })]);
    expect(plan.pods[0].containers[0].argv).toEqual(['haproxy', '-W', '-db', '-f', '/usr/local/etc/haproxy/haproxy.cfg']);
  });

  test('env: image ENV, then envFrom, then env with secretKeyRef, and $(VAR) expansion in args', () => {
    const plan = planBoot([config, secret, deployment('varnish', {
      image: 'registry.local/shop/varnish:7.4.2',
      envFrom: [{ configMapRef: { name: 'varnish-config' } }],
      env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }, { name: 'VARNISH_SIZE', value: '$(SIZE)' }],
      command: ['varnishd', '-s', 'malloc,$(VARNISH_SIZE)', '$$(kept)'],
    })]);
    const c = plan.pods[0].containers[0];
    expect(c.env.PASSWORD).toBe('s3cret');
    expect(c.env.VARNISH_SIZE).toBe('64m');
    expect(c.env.PATH).toContain('/usr/sbin');
    expect(c.argv).toEqual(['varnishd', '-s', 'malloc,64m', '$(kept)']);
  });

  test('ConfigMap volumes become files with their mode; mounts of them are read-only', () => {
    const plan = planBoot([config, deployment('varnish', {
      image: 'registry.local/shop/varnish:7.4.2', command: ['varnishd'],
      volumeMounts: [{ name: 'vcl', mountPath: '/etc/varnish' }, { name: 'scratch', mountPath: '/var/lib/varnish' }],
    }, { volumes: [{ name: 'vcl', configMap: { name: 'varnish-config', items: [{ key: 'default.vcl', path: 'default.vcl', mode: 0o400 }] } }, { name: 'scratch', emptyDir: {} }] })]);
    const pod = plan.pods[0];
    expect(pod.volumes[0]).toEqual({ name: 'vcl', kind: 'files', source: 'ConfigMap/varnish-config', files: [{ path: 'default.vcl', content: 'vcl 4.1;', mode: 0o400 }] });
    expect(pod.containers[0].mounts).toEqual([
      { path: '/etc/varnish', volume: 'vcl', subPath: undefined, readOnly: true },
      { path: '/var/lib/varnish', volume: 'scratch', subPath: undefined, readOnly: false },
    ]);
    expect(pod.containers[0].supplementalGroups).toEqual([1000]);
  });

  test('refuses what the kubelet refuses, naming the pod, container and field', () => {
    expect(() => planBoot([deployment('redis', { image: 'r/redis:7', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }] })]))
      .toThrow(new PlanError('pod redis-0, container "redis": env P: Secret "nope" not found (CreateContainerConfigError)'));
    expect(() => planBoot([deployment('redis', { image: 'r/redis:7', securityContext: { ...secure, runAsUser: 0 } })]))
      .toThrow(/pod redis-0, container "redis": runAsNonRoot/);
    expect(() => planBoot([deployment('redis', { image: 'r/redis:7' }, { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'missing' } }] })]))
      .toThrow(/pod redis-0: volume "d": PersistentVolumeClaim "missing" does not exist/);
  });

  test('Services map port → named targetPort on the selected pods; HPA minReplicas decides the pod count', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: meta('redis'), spec: { selector: { app: 'redis' }, ports: [{ name: 'redis', port: 6379, targetPort: 'redis' }] } };
    const d = deployment('redis', { image: 'r/redis:7', ports: [{ name: 'redis', containerPort: 6380 }] });
    delete (d.spec as { replicas?: number }).replicas;
    const hpa: KubeObject = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('redis'), spec: { scaleTargetRef: { kind: 'Deployment', name: 'redis' }, minReplicas: 2 } };
    const plan = planBoot([svc, d, hpa]);
    expect(plan.pods.map((p) => p.name)).toEqual(['redis-0', 'redis-1']);
    expect(plan.services[0].ports[0].endpoints.map((e) => e.port)).toEqual([6380, 6380]);
    expect(plan.services[0].ip).toMatch(/^198\.19\./);
  });

  test('images the catalog does not know are listed, not booted', () => {
    const plan = planBoot([deployment('x', { image: 'quay.io/acme/unknown:1' })]);
    expect(plan.pods).toEqual([]);
    expect(plan.unknownImages).toEqual(['quay.io/acme/unknown:1']);
  });
});

test('imageRepository finds the catalog entry below any registry', () => {
  expect(imageRepository('europe-docker.pkg.dev/acme/images/prom/prometheus:v2.48.1')).toBe('prom/prometheus');
  expect(imageRepository('registry.local/shop/redis@sha256:abc123')).toBe('redis');
  expect(imageRepository('gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.3')).toBe('cloud-sql-connectors/cloud-sql-proxy');
});

test('expandRefs leaves unknown references as written', () => {
  expect(expandRefs('$(A)-$(B)', { A: 'a' })).toBe('a-$(B)');
});

describe('planBoot: Jobs', () => {
  const job = (restartPolicy: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'batch/v1', kind: 'Job', metadata: meta('migrate-1-0-0'),
    spec: {
      backoffLimit: 2, activeDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: 'migrate' } },
        spec: {
          restartPolicy,
          initContainers: [{ name: 'proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.3', restartPolicy: 'Always', securityContext: secure }],
          containers: [{ name: 'migrate', image: 'registry.local/shop/shop-php:1.0.0', command: ['php', 'bin/migrate.php'], securityContext: secure }],
          ...extra,
        },
      },
    },
  });

  test('one pod, run to completion, with its backoffLimit and deadline; a native sidecar is neither an init nor a main container', () => {
    const [pod] = planBoot([job('Never')]).pods;
    expect(pod).toMatchObject({ name: 'migrate-1-0-0-pod', workloadKind: 'Job', restartPolicy: 'Never', job: { backoffLimit: 2, activeDeadlineSeconds: 600 } });
    expect(pod.containers.map((c) => [c.name, c.init, c.sidecar])).toEqual([['proxy', false, true], ['migrate', false, false]]);
  });

  test('Deployments restart always and are no Jobs', () => {
    const [pod] = planBoot([deployment('varnish', { image: 'registry.local/shop/varnish:7.4.2' })]).pods;
    expect(pod.restartPolicy).toBe('Always');
    expect(pod.job).toBeUndefined();
  });

  test('restartPolicy Always in a Job is refused, as the API server does', () => {
    expect(() => planBoot([job('Always')])).toThrow(/Job migrate-1-0-0: spec.template.spec.restartPolicy: Always is not allowed/);
  });
});
