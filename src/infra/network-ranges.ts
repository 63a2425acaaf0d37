/** VPC address ranges of a cloud stack: a plain type, so the main entry can name it without loading cdktf. */

/**
 * The address ranges of an environment's VPC. Every environment gets its own VPC, so two environments
 * may use the same ranges as long as their VPCs are never peered.
 */
export interface NetworkRanges {
  /**
   * Primary range of the node subnet.
   * @default '10.10.0.0/20'
   */
  readonly nodes?: string;
  /**
   * Secondary range for pod IPs (VPC-native cluster).
   * @default '10.16.0.0/14'
   */
  readonly pods?: string;
  /**
   * Secondary range for Service cluster IPs.
   * @default '10.20.0.0/20'
   */
  readonly services?: string;
}

/** The ranges a stack uses when `ShopCloudStackProps.network` leaves them out. */
export const DEFAULT_NETWORK_RANGES: Required<NetworkRanges> = {
  nodes: '10.10.0.0/20',
  pods: '10.16.0.0/14',
  services: '10.20.0.0/20',
};


// The range Cloud SQL's private IPs come from is the profile's `gcp.privateServicesRange`: the
// manifests' egress NetworkPolicies allow it, so it lives with the environment, not the stack.
