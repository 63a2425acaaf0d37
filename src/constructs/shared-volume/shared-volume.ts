import { Construct } from 'constructs';
import { Environment } from '../../profiles/environment';
import { k8s } from '../common/k8s';
import { standardLabels } from '../common/labels';
import { SharedVolumeProps } from './shared-volume-props';

/**
 * A PersistentVolumeClaim on one of the profile's storage classes.
 *
 * The claim is `ReadWriteOnce`, so it can only be mounted by one single-replica workload; mounting it
 * from a workload that may run more than one pod, or from two workloads, fails validation.
 *
 * @example
 * const data = new SharedVolume(chart, 'prometheus-data', { tier: 'bulk', size: '50Gi' });
 */
export class SharedVolume extends Construct {
  /** Name of the claim. */
  public readonly claimName: string;
  /** The PersistentVolumeClaim. */
  public readonly claim: k8s.KubePersistentVolumeClaim;
  private readonly mounts: { path: string; maxReplicas: number }[] = [];

  constructor(scope: Construct, id: string, props: SharedVolumeProps) {
    super(scope, id);
    const env = Environment.of(this);
    this.claimName = props.name ?? id;
    this.claim = new k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: {
        name: this.claimName,
        namespace: env.namespace,
        labels: standardLabels({ name: this.claimName, partOf: env.project, component: 'storage' }),
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: env.storageClass(props.tier),
        resources: { requests: { storage: k8s.Quantity.fromString(props.size) } },
      },
    });
    this.node.addValidation({
      validate: () => {
        if (this.mounts.length > 1) {
          return [`volume "${this.claimName}" (ReadWriteOnce) is mounted by ${this.mounts.map((m) => m.path).join(' and ')}; only one workload can mount it`];
        }
        const m = this.mounts[0];
        return m && m.maxReplicas > 1
          ? [`volume "${this.claimName}" (ReadWriteOnce) is mounted by ${m.path}, which can run ${m.maxReplicas} replicas; give that workload replicas: 1`]
          : [];
      },
    });
  }

  /** Records that a workload mounts this claim (called by the workload constructs). @internal */
  public _registerMount(workloadPath: string, maxReplicas: number): void {
    this.mounts.push({ path: workloadPath, maxReplicas });
  }
}
