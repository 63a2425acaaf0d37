/** Properties of an {@link AppConfig}. */
export interface AppConfigProps {
  /**
   * Name of the ConfigMap.
   * @default - the construct id
   */
  readonly name?: string;
  /** Keys and values: environment variables or whole config files. */
  readonly data: Record<string, string>;
  /**
   * Component label of the ConfigMap.
   * @default 'config'
   */
  readonly component?: string;
}
