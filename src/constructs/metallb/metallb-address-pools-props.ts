/**
 * Props of {@link MetalLbAddressPools}.
 *
 * The addresses, pools, MetalLB namespace and announcing node role are not props: they are data of
 * the environment profile (`loadBalancer`), read through `Environment.of(this)`. These props only
 * say how the objects are named and labelled.
 */
export interface MetalLbAddressPoolsProps {
  /**
   * Value of the `app.kubernetes.io/part-of` label on every object.
   *
   * @default - the environment's project
   */
  readonly partOf?: string;

  /**
   * `metadata.name` of the `L2Advertisement` that announces the pools.
   *
   * @default - `<partOf>-l2`
   */
  readonly advertisementName?: string;

  /**
   * Extra labels on every object. The standard `app.kubernetes.io/part-of`, `managed-by` and
   * `component` labels cannot be overridden here; use `partOf` for the first.
   *
   * @default - only the standard labels
   */
  readonly labels?: Record<string, string>;
}
