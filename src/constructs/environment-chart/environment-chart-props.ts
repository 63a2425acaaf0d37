import { Environment } from '../../profiles/environment';
import { EnvironmentProfile } from '../../profiles/environment-profile';

/** Properties of an {@link EnvironmentChart}. */
export interface EnvironmentChartProps {
  /** The environment: a profile (validated here) or an already validated `Environment`. */
  readonly profile: EnvironmentProfile | Environment;
  /**
   * Platform name, the `app.kubernetes.io/part-of` label of every object.
   * @default 'shop'
   */
  readonly platformName?: string;
}
