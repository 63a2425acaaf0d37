/** Properties of a {@link SecretReference}. */
export interface SecretReferenceProps {
  /**
   * Name of the Secret the workloads read.
   * @default - the construct id
   */
  readonly name?: string;
  /** The keys the Secret holds. Workloads may only reference these. */
  readonly keys: string[];
  /**
   * Prefix of the entries in the external store; entry names are `<prefix>-<key>`.
   * @default - `<project>-<name>` (the environment's project)
   */
  readonly remoteKeyPrefix?: string;
}
