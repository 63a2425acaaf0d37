import { EnvironmentChart } from '../constructs/environment-chart/environment-chart';
import { BUILTIN_PROFILES } from '../profiles/builtin-profiles';
import { EnvironmentProfile } from '../profiles/environment-profile';
import { ShopPlatform } from './shop-platform';

export { ShopPlatform } from './shop-platform';

/** Adds the reference shop to an environment chart. */
export function shopPlatform(chart: EnvironmentChart): void {
  new ShopPlatform(chart, 'shop');
}

/** The environments `npm run synth` renders, in order. */
export const PLATFORM_PROFILES: readonly EnvironmentProfile[] = [BUILTIN_PROFILES.minikube, BUILTIN_PROFILES.staging, BUILTIN_PROFILES.gke, BUILTIN_PROFILES.baremetal];
