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
   * Prefix of the entries in the external store. Secret Manager: one secret per key,
   * `<prefix>-<key>` with characters of the key Secret Manager refuses replaced by `_`; Vault: one KV entry at
   * `<prefix>` with each key a property. The result must be a valid name in the store (checked).
   * @default - `<project>-<name>` (Secret Manager), `<project>/<name>` (Vault), of the environment's project
   */
  readonly remoteKeyPrefix?: string;
}
