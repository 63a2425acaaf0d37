import { egressRules } from '../workload/egress';
import { Construct } from 'constructs';
import { ShipyardError } from '../../errors';
import { versionSlug } from '../../manifests/names';
import { Environment } from '../../profiles/environment';
import { k8s } from '../common/k8s';
import { LABEL_VERSION, MIGRATION_COMPONENT, selectorLabels, standardLabels } from '../common/labels';
import { cloudSqlProxyContainer } from '../workload/cloud-sql-proxy';
import { ResourceRequests } from '../workload/container-options';
import { containerResources, containerSecurityContext, databaseEnv, DEFAULT_USER, nodeAffinity, podSecurityContext } from '../workload/container-spec';
import { IWorkloadPods } from '../workload/workload-props';
import { MigrationJobProps } from './migration-job-props';

const DEFAULT_RESOURCES: ResourceRequests = { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' };
/** A Job's name is copied into its pods' `job-name` label: a label value, at most 63 characters. */
const MAX_JOB_NAME = 63;

/**
 * A database schema migration that must finish before the new version of the application rolls out:
 * a `batch/v1` Job in the release's `migrations` stage, which `apply.sh` applies after the
 * configuration and waits for (`kubectl wait --for=condition=complete`) before the workloads, Flux
 * runs as its own Kustomization that the workloads depend on, and Argo CD syncs in an earlier wave.
 *
 * A Job's pod template is immutable, so the Job is named per version (`<name>-<image tag>`): a new
 * release creates a new Job, and the stage's prune deletes the previous one. It sets no
 * `ttlSecondsAfterFinished`: the declarative tools would re-create a Job the TTL controller deleted
 * and run the migration again. Same security defaults as the workloads; `restartPolicy: Never` so a
 * failed attempt's pod (and its log) stays until the next release.
 *
 * @example
 * new MigrationJob(chart, 'shop-migrate', {
 *   image: { repository: 'shop-php', tag: '1.4.2' },
 *   command: ['php', 'bin/migrate.php'],
 *   database: db,
 * });
 */
export class MigrationJob extends Construct implements IWorkloadPods {
  /** The migration's name (the pods' `app.kubernetes.io/name`). */
  public readonly workloadName: string;
  /** The Job's name: `<name>-<version>`. */
  public readonly jobName: string;
  /** Labels selecting the migration's pods. */
  public readonly podSelector: Readonly<Record<string, string>>;
  /** The Job. */
  public readonly job: k8s.KubeJob;
  /** The migration pods' NetworkPolicy: egress to DNS and the database path only, no ingress. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const env = Environment.of(this);
    const name = props.name ?? id;
    const partOf = env.project;
    const service = props.versionOf ?? name;
    const tag = env.imageTag(service, props.image.tag);
    this.workloadName = name;
    this.jobName = `${name}-${versionSlug(tag)}`;
    if (this.jobName.length > MAX_JOB_NAME) {
      throw new ShipyardError(`${this.node.path}: Job name "${this.jobName}" is longer than ${MAX_JOB_NAME} characters (its pods' job-name label); shorten name`);
    }
    const backoffLimit = props.backoffLimit ?? 2;
    const activeDeadlineSeconds = props.activeDeadlineSeconds ?? 600;
    if (!Number.isInteger(backoffLimit) || backoffLimit < 0) throw new ShipyardError(`${this.node.path}: backoffLimit must be a whole number >= 0 (got ${backoffLimit})`);
    if (!Number.isInteger(activeDeadlineSeconds) || activeDeadlineSeconds < 1) {
      throw new ShipyardError(`${this.node.path}: activeDeadlineSeconds must be a whole number >= 1 (got ${activeDeadlineSeconds})`);
    }
    const user = props.runAsUser ?? DEFAULT_USER;
    if (user === 0) throw new ShipyardError(`${this.node.path}: runAsUser must not be 0 (root)`);

    this.podSelector = selectorLabels(name, partOf);
    const labels = { ...standardLabels({ name, partOf, component: MIGRATION_COMPONENT }), [LABEL_VERSION]: tag };

    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    (props.writablePaths ?? ['/tmp']).forEach((path, i) => {
      volumes.push({ name: `scratch-${i}`, emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } });
      mounts.push({ name: `scratch-${i}`, mountPath: path });
    });
    const envVars: k8s.EnvVar[] = [
      ...Object.entries(props.env ?? {}).map(([key, value]) => ({ name: key, value })),
      ...databaseEnv(props.database),
      ...Object.entries(props.secretEnv ?? {}).map(([key, ref]) => ({ name: key, valueFrom: { secretKeyRef: ref.secret.keyRef(ref.key) } })),
    ];
    const cloudSql = props.database.connection.mode === 'cloud-sql';
    const affinityLabels = env.nodeLabels(props.role ?? 'app');

    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: { name: this.jobName, namespace: env.namespace, labels },
      spec: {
        backoffLimit,
        activeDeadlineSeconds,
        completions: 1,
        parallelism: 1,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            serviceAccountName: cloudSql ? env.appServiceAccount : undefined,
            enableServiceLinks: false,
            securityContext: podSecurityContext(user),
            affinity: nodeAffinity(affinityLabels),
            // The Cloud SQL proxy as a native sidecar (an init container that keeps running): the Job
            // completes when the migration exits, and the kubelet then stops the proxy.
            initContainers: cloudSql ? [{ ...cloudSqlProxyContainer(env, props.database.connection), restartPolicy: 'Always' }] : undefined,
            containers: [
              {
                name,
                image: env.image(props.image.repository, props.image.tag, service),
                imagePullPolicy: 'IfNotPresent',
                command: props.command,
                args: props.args,
                env: envVars,
                envFrom: props.envFrom?.length ? props.envFrom.map((c) => ({ configMapRef: { name: c.configMapName } })) : undefined,
                resources: containerResources(props.resources ?? DEFAULT_RESOURCES),
                securityContext: containerSecurityContext(user),
                volumeMounts: mounts,
              },
            ],
            volumes,
          },
        },
      },
    });
    if (props.database.endpoint) props.database.endpoint.allowFrom(this);
    // Behind the namespace's default deny the migration reaches its database and DNS, nothing else.
    const endpoint = props.database.endpoint;
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name, namespace: env.namespace, labels: standardLabels({ name, partOf, component: MIGRATION_COMPONENT }) },
      spec: {
        podSelector: { matchLabels: { ...this.podSelector } },
        policyTypes: ['Ingress', 'Egress'],
        egress: egressRules(env, { targets: endpoint ? [endpoint] : [], cloudSql, external: [] }),
      },
    });
  }
}
