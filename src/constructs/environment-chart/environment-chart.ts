import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Environment } from '../../profiles/environment';
import { k8s } from '../common/k8s';
import { LABEL_MANAGED_BY, LABEL_PART_OF, MANAGED_BY, standardLabels } from '../common/labels';
import { MetalLbAddressPools } from '../metallb/metallb-address-pools';
import { EnvironmentChartProps } from './environment-chart-props';
import { PART_OF_CONTEXT } from './platform-context';

/**
 * One environment's manifests. Validates the profile, makes it available to every construct inside
 * (`Environment.of(this)`), and creates what the environment itself needs before any workload:
 * the namespace (labelled for Pod Security `restricted` enforcement), the fast and bulk
 * StorageClasses, a default-deny ingress NetworkPolicy, and MetalLB pools where the profile has them.
 *
 * @example
 * const app = new App();
 * const chart = new EnvironmentChart(app, 'staging', { profile: BUILTIN_PROFILES.staging });
 * new WebService(chart, 'api', { image: { repository: 'shop-api', tag: '1.0.0' }, port: 8080 });
 */
export class EnvironmentChart extends Chart {
  /** The validated environment. */
  public readonly environment: Environment;
  /** The platform name (`app.kubernetes.io/part-of`). */
  public readonly platformName: string;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.profile instanceof Environment ? props.profile : new Environment(props.profile);
    this.environment = env;
    this.platformName = props.platformName ?? 'shop';
    Environment.attach(this, env);
    this.node.setContext(PART_OF_CONTEXT, this.platformName);
    const partOf = this.platformName;

    new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: env.namespace,
        labels: {
          [LABEL_PART_OF]: partOf,
          [LABEL_MANAGED_BY]: MANAGED_BY,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });

    for (const sc of env.storageClasses()) {
      new k8s.KubeStorageClass(this, `StorageClass-${sc.name}`, {
        metadata: { name: sc.name, labels: { [LABEL_PART_OF]: partOf, [LABEL_MANAGED_BY]: MANAGED_BY } },
        provisioner: sc.provisioner,
        parameters: sc.parameters,
        reclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        volumeBindingMode: sc.volumeBindingMode ?? 'WaitForFirstConsumer',
        allowVolumeExpansion: sc.allowVolumeExpansion ?? false,
      });
    }

    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: {
        name: 'default-deny-ingress',
        namespace: env.namespace,
        labels: standardLabels({ name: 'default-deny-ingress', partOf, component: 'network-policy' }),
      },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });

    if (env.profile.loadBalancer) new MetalLbAddressPools(this, 'MetalLb');
  }
}
