import { Environment } from '../../profiles/environment';

/** Properties of an {@link EnvironmentChart}. */
export interface EnvironmentChartProps {
  /**
   * The environment: a profile resolved for a project (`new Environment(profile, { project })`).
   * Its project is the `app.kubernetes.io/part-of` label of every object.
   */
  readonly environment: Environment;
}
