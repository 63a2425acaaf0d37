import { EnvironmentChart } from '../constructs/environment-chart/environment-chart';
import { ShopPlatform } from './shop-platform';

export { ShopPlatform } from './shop-platform';
export { PLATFORM_PROFILES, SHOP_PROJECT } from './project';

/** Adds the reference shop to an environment chart. */
export function shopPlatform(chart: EnvironmentChart): void {
  new ShopPlatform(chart, 'shop');
}
