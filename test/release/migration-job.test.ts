import { App } from 'cdk8s';
import { AppConfig, EnvironmentChart, MigrationJob, MySqlDatabase, SecretReference } from '../../src/constructs';
import { shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { checkObjects, RULES } from '../../src/policy';
import { planRelease, pruneEffects, waitArgs } from '../../src/release';
import { renderEnvironment } from '../../src/synth/synth';
import { synthesizeEnvironment } from '../../src/synth/synthesize-environment';
import { Obj, shopEnvironment } from '../support/render';

function chartOf(profile: EnvironmentProfile = BUILTIN_PROFILES.gke): EnvironmentChart {
  return new EnvironmentChart(new App(), profile.name, { environment: shopEnvironment(profile) });
}
const jobOf = (m: MigrationJob) => m.job.toJson() as Obj;

describe('MigrationJob', () => {
  test('minimal props: a Job named per version, bounded, no TTL, never restarted in place, workload security defaults', () => {
    const chart = chartOf(BUILTIN_PROFILES.baremetal);
    const db = new MySqlDatabase(chart, 'database');
    const m = new MigrationJob(chart, 'migrate', { image: { repository: 'shop-php', tag: '2.1.0' }, database: db });
    const job = jobOf(m);
    expect(m.jobName).toBe('migrate-2-1-0');
    expect(job.metadata).toMatchObject({ name: 'migrate-2-1-0', namespace: 'shop', labels: { 'app.kubernetes.io/component': 'migration', 'app.kubernetes.io/version': '2.1.0' } });
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600, completions: 1, parallelism: 1 });
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].image).toBe('registry.warehouse.local/shop/shop-php:2.1.0');
    expect(pod.containers[0].env.map((e: Obj) => e.name)).toEqual(['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD']);
    expect(pod.initContainers).toBeUndefined();
    // in-cluster MySQL admits the migration's pods
    expect(db.endpoint).toBeDefined();
  });

  test('all props, on Cloud SQL: the proxy is a native sidecar (the Job completes when the migration exits), Workload Identity account', () => {
    const chart = chartOf(BUILTIN_PROFILES.gke);
    const db = new MySqlDatabase(chart, 'database');
    const config = new AppConfig(chart, 'cfg', { data: { A: 'b' } });
    const secret = new SecretReference(chart, 'payments', { keys: ['api-key'] });
    const m = new MigrationJob(chart, 'migrate', {
      image: { repository: 'shop-php', tag: 'v3.0.0-RC1' }, database: db, command: ['php'], args: ['migrate.php'], name: 'schema',
      env: { MODE: 'strict' }, envFrom: [config], secretEnv: { KEY: { secret, key: 'api-key' } },
      resources: { cpu: '200m', memory: '256Mi', memoryLimit: '512Mi' }, backoffLimit: 0, activeDeadlineSeconds: 1800, runAsUser: 33,
      writablePaths: ['/tmp', '/var/cache'], role: 'app',
    });
    const job = jobOf(m);
    expect(m.jobName).toBe('schema-v3-0-0-rc1');
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 1800 });
    const pod = job.spec.template.spec;
    expect(pod.serviceAccountName).toBe('shop-app');
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0]).toMatchObject({ name: 'cloud-sql-proxy', restartPolicy: 'Always' });
    const c = pod.containers[0];
    expect(c).toMatchObject({ command: ['php'], args: ['migrate.php'], envFrom: [{ configMapRef: { name: config.configMapName } }] });
    expect(c.env.map((e: Obj) => e.name)).toEqual(['MODE', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'KEY']);
    expect(c.volumeMounts.map((v: Obj) => v.mountPath)).toEqual(['/tmp', '/var/cache']);
    expect(c.securityContext.runAsUser).toBe(33);
  });

  test('follows the version of the service it migrates (services.<name>.tag)', () => {
    const profile = { ...BUILTIN_PROFILES.gke, services: { 'php-fpm': { tag: '1.0.1' } } };
    const objects = synthesizeEnvironment(shopEnvironment(profile), shopPlatform).objects.map((o) => o.manifest as Obj);
    const job = objects.find((o) => o.kind === 'Job')!;
    expect(job.metadata.name).toBe('shop-migrate-1-0-1');
    expect(job.spec.template.spec.containers[0].image).toMatch(/shop-php:1\.0\.1$/);
  });

  test('bad props fail early, naming the construct', () => {
    const chart = chartOf();
    const db = new MySqlDatabase(chart, 'database');
    expect(() => new MigrationJob(chart, 'a', { image: { repository: 'x', tag: '1' }, database: db, runAsUser: 0 })).toThrow(/gke\/a: runAsUser must not be 0/);
    expect(() => new MigrationJob(chart, 'b', { image: { repository: 'x', tag: '1' }, database: db, backoffLimit: -1 })).toThrow(/backoffLimit/);
    expect(() => new MigrationJob(chart, 'c'.repeat(60), { image: { repository: 'x', tag: '1.0.0' }, database: db })).toThrow(/longer than 63/);
  });
});

describe('migration policy', () => {
  const base = synthesizeEnvironment(shopEnvironment(BUILTIN_PROFILES.gke), shopPlatform);
  const findings = (mutate: (job: Obj) => void) => {
    const objects = base.objects.map((o) => ({ ...o, manifest: JSON.parse(JSON.stringify(o.manifest)) }));
    mutate(objects.find((o) => o.manifest.kind === 'Job')!.manifest as Obj);
    return checkObjects(objects, { environment: 'gke', allowInlineSecretValues: false }, RULES).findings.filter((f) => f.ruleId.startsWith('job-'));
  };

  test('the shop passes', () => expect(findings(() => undefined)).toEqual([]));
  test.each([
    ['no backoffLimit', (j: Obj) => delete j.spec.backoffLimit, /spec.backoffLimit is not set/],
    ['too many retries', (j: Obj) => (j.spec.backoffLimit = 20), /backoffLimit: 20 retries/],
    ['no activeDeadlineSeconds', (j: Obj) => delete j.spec.activeDeadlineSeconds, /activeDeadlineSeconds is not set/],
    ['a TTL', (j: Obj) => (j.spec.ttlSecondsAfterFinished = 3600), /ttlSecondsAfterFinished: 3600: .* runs again/],
    ['not named for its version', (j: Obj) => (j.metadata.name = 'shop-migrate'), /not named for its version 1.0.0 \(…-1-0-0\)/],
    ['no version label', (j: Obj) => delete j.metadata.labels['app.kubernetes.io/version'], /without the app.kubernetes.io\/version label/],
  ])('%s is refused', (_name, mutate, message) => {
    const f = findings(mutate);
    expect(f).toHaveLength(1);
    expect(f[0].message).toMatch(message);
  });
});

describe('migration ordering', () => {
  const out = renderEnvironment(shopEnvironment(BUILTIN_PROFILES.gke), shopPlatform);

  test('its own stage and file, between the configuration it reads and the workloads that need the new schema', () => {
    expect(out.release.stages.map((s) => [s.stage, s.files])).toEqual([
      ['config', ['00-cluster.yaml', '10-config.yaml']],
      ['data', ['12-data.yaml']],
      ['migrations', ['15-migrations.yaml']],
      ['workloads', ['20-workloads.yaml']],
    ]);
  });

  test('apply.sh waits for the Job to complete (bounded by its deadline) before the workloads stage', () => {
    const script = out.files.get('apply.sh')!;
    const migrate = script.indexOf('--applyset=secrets/applyset-shop-migrations');
    const wait = script.indexOf('wait --namespace=shop --for=condition=complete --timeout=720s job/shop-migrate-1-0-0');
    const workloads = script.indexOf('--applyset=secrets/applyset-shop-workloads');
    expect(migrate).toBeGreaterThan(script.indexOf('--applyset=secrets/applyset-shop-config'));
    expect(wait).toBeGreaterThan(migrate);
    expect(workloads).toBeGreaterThan(wait);
  });

  test('the previous version\'s Job is pruned by the next release (a new name per version)', () => {
    // shop-php:1.1.0 is not in the image lock: the next release is rendered with tags.
    const next = renderEnvironment(shopEnvironment({ ...BUILTIN_PROFILES.gke, services: { 'php-fpm': { tag: '1.1.0' } }, images: { pinDigests: false } }), shopPlatform);
    const effects = pruneEffects(out.release.manifest, next.release.manifest);
    expect(effects.map((e) => `${e.object.kind}/${e.object.name}:${e.effect}`)).toEqual(['Job/shop-migrate-1-0-0:pruned']);
  });
});

describe('the stateful services a migration connects to are released before it', () => {
  test.each(['minikube', 'baremetal'] as const)('%s (in-cluster MySQL): its StatefulSet and Service are in the data stage, rolled out before the Job', (name) => {
    const out = renderEnvironment(shopEnvironment(BUILTIN_PROFILES[name]), shopPlatform);
    const stageOf = (kind: string, objectName: string) =>
      out.release.stages.find((s) => s.objects.some((o) => o.kind === kind && o.metadata?.name === objectName))?.stage;
    const job = out.manifests.find((m) => m.kind === 'Job') as Obj;
    const dbHost = job.spec.template.spec.containers[0].env.find((e: Obj) => e.name === 'DB_HOST').value;
    const order = out.release.stages.map((s) => s.stage);
    // Before this stage existed the migration (DB_HOST=mysql) ran before MySQL's Service and pods existed:
    // the Job failed, and apply.sh waited 720 s for it on every fresh install.
    expect(order.indexOf(stageOf('Service', dbHost)!)).toBeLessThan(order.indexOf('migrations'));
    expect(stageOf('StatefulSet', 'mysql')).toBe('data');
    expect(stageOf('PodDisruptionBudget', 'mysql')).toBe(out.manifests.some((m) => m.kind === 'PodDisruptionBudget' && m.metadata?.name === 'mysql') ? 'data' : undefined);
    expect(stageOf('Deployment', 'web')).toBe('workloads');
    expect(stageOf('Service', 'web')).toBe('workloads');
    const script = out.files.get('apply.sh')!;
    const rollout = script.indexOf('rollout status --namespace=shop --timeout=600s statefulset/mysql');
    expect(rollout).toBeGreaterThan(script.indexOf('--applyset=secrets/applyset-shop-data'));
    expect(rollout).toBeLessThan(script.indexOf('--applyset=secrets/applyset-shop-migrations'));
  });
});

describe('readiness gates of the data stage', () => {
  test('a RollingUpdate StatefulSet waits for its rollout; an OnDelete one (which rollout status refuses) for its ready replicas', () => {
    const sts = (name: string, updateStrategy: string) => ({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'shop' },
      spec: { replicas: 3, updateStrategy: { type: updateStrategy }, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [] } } },
    });
    const files = new Map([['12-data.yaml', [sts('queue', 'RollingUpdate'), sts('legacy-db', 'OnDelete')]]]);
    const [data] = planRelease({ environment: 'site', project: 'shop', namespace: 'shop' }, files);
    expect(data.after.map((g) => waitArgs(g).join(' '))).toEqual([
      'rollout status --namespace=shop --timeout=600s statefulset/queue',
      'wait --namespace=shop --for=jsonpath={.status.readyReplicas}=3 --timeout=600s statefulset/legacy-db',
    ]);
  });
});
