import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IpAddressPool, L2Advertisement } from '../../../imports/metallb.io';
import { Environment } from '../../profiles/environment';
import { isDnsSubdomain } from '../../manifests/names';
import { labelKeyProblem, labelValueProblem } from '../../policy/labels';
import { LABEL_COMPONENT, LABEL_MANAGED_BY, LABEL_PART_OF, MANAGED_BY } from '../common/labels';
import { MetalLbAddressPoolsProps } from './metallb-address-pools-props';

const COMPONENT = 'load-balancer';
const STANDARD_LABEL_KEYS: readonly string[] = [LABEL_PART_OF, LABEL_MANAGED_BY, LABEL_COMPONENT];

/**
 * MetalLB address pools of a bare-metal site, in L2 (ARP/NDP) mode.
 *
 * Reads the environment's `loadBalancer` profile and emits, in MetalLB's namespace:
 * - one `IPAddressPool` (`metallb.io/v1beta1`) per profile pool, named after the pool (the name
 *   public Services pin through `metallb.universe.tf/address-pool`), with its addresses and
 *   `autoAssign`;
 * - one `L2Advertisement` that announces exactly those pools, with `nodeSelectors` matching the
 *   labels of the announcing node role (`loadBalancer.announceFrom`, `edge` by default), so only
 *   those nodes answer ARP for the floating IPs.
 *
 * When the profile has no `loadBalancer` the construct creates nothing. The addresses are checked
 * when the profile is validated (`Environment`), not here.
 *
 * @example
 * const chart = new Chart(app, 'baremetal');
 * Environment.attach(chart, new Environment(BUILTIN_PROFILES.baremetal, { project: 'shop' }));
 * const lb = new MetalLbAddressPools(chart, 'MetalLb');
 * lb.poolNames; // ['public']
 */
export class MetalLbAddressPools extends Construct {
  /** The `IPAddressPool` objects, in profile order; empty when the profile has no load balancer. */
  public readonly addressPools: readonly ApiObject[];

  /** The `L2Advertisement`; `undefined` when the profile has no load balancer. */
  public readonly l2Advertisement?: ApiObject;

  /** Names of the pools (the `IPAddressPool` names), in profile order. */
  public readonly poolNames: readonly string[];

  /** Namespace the objects are in; `undefined` when the profile has no load balancer. */
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, props: MetalLbAddressPoolsProps = {}) {
    super(scope, id);

    const env = Environment.of(this);
    const lb = env.profile.loadBalancer;
    const partOf = props.partOf ?? env.project;
    const advertisementName = props.advertisementName ?? `${partOf}-l2`;
    const extraLabels = props.labels ?? {};

    this.node.addValidation({ validate: () => validateProps(partOf, advertisementName, extraLabels) });

    if (!lb) {
      this.addressPools = [];
      this.poolNames = [];
      return;
    }

    const namespace = lb.namespace;
    const labels: Record<string, string> = {
      ...extraLabels,
      [LABEL_PART_OF]: partOf,
      [LABEL_MANAGED_BY]: MANAGED_BY,
      [LABEL_COMPONENT]: COMPONENT,
    };

    this.namespace = namespace;
    this.poolNames = lb.pools.map((pool) => pool.name);
    this.addressPools = lb.pools.map(
      (pool) =>
        new IpAddressPool(this, pool.name, {
          metadata: { name: pool.name, namespace, labels: { ...labels } },
          spec: { addresses: [...pool.addresses], autoAssign: pool.autoAssign },
        }),
    );

    const role = lb.announceFrom;
    const roleLabels = env.nodeLabels(role);
    const nodeLabels = roleLabels && Object.keys(roleLabels).length > 0 ? roleLabels : undefined;
    // The profile validator requires the role to have labels. Should they ever be missing, fail the
    // synthesis rather than emit an advertisement without node selectors (every node answering ARP).
    this.node.addValidation({
      validate: () =>
        nodeLabels ? [] : [`environment "${env.name}": loadBalancer.announceFrom names node role "${role}", which has no labels in placement.roles`],
    });

    this.l2Advertisement = new L2Advertisement(this, 'L2Advertisement', {
      metadata: { name: advertisementName, namespace, labels: { ...labels } },
      spec: {
        ipAddressPools: [...this.poolNames],
        nodeSelectors: nodeLabels ? [{ matchLabels: { ...nodeLabels } }] : undefined,
        interfaces: lb.interfaces.length ? [...lb.interfaces] : undefined,
      },
    });
  }
}

function validateProps(partOf: string, advertisementName: string, labels: Record<string, string>): string[] {
  const errors: string[] = [];
  if (!isDnsSubdomain(advertisementName)) {
    errors.push(`advertisementName "${advertisementName}" is not a valid object name (lower-case DNS subdomain)`);
  }
  const partOfProblem = partOf ? labelValueProblem(partOf) : 'must not be empty';
  if (partOfProblem) errors.push(`partOf "${partOf}" is not a valid, non-empty label value: ${partOfProblem}`);
  for (const [key, value] of Object.entries(labels)) {
    if (STANDARD_LABEL_KEYS.includes(key)) errors.push(`labels: "${key}" is set by the construct and cannot be overridden`);
    else if (labelKeyProblem(key)) errors.push(`labels: "${key}" is not a valid label key: ${labelKeyProblem(key)}`);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) errors.push(`labels: value "${value}" of "${key}" is not a valid label value: ${valueProblem}`);
  }
  return errors;
}
