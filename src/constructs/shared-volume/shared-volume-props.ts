/** Properties of a {@link SharedVolume}. */
export interface SharedVolumeProps {
  /**
   * Name of the PersistentVolumeClaim.
   * @default - the construct id
   */
  readonly name?: string;
  /** Storage tier; the profile maps it to a StorageClass. */
  readonly tier: 'fast' | 'bulk';
  /** Requested size, e.g. `10Gi`. */
  readonly size: string;
}
