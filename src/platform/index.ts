// The reference shop is a project like any other: it uses the library through its package name only
// (tsconfig `paths` and jest's moduleNameMapper point that at src/ inside this repository).
import { EnvironmentChart } from '@shipyard/k8s';
import { ShopPlatform } from './shop-platform';

export { ShopPlatform } from './shop-platform';
export { PLATFORM_PROFILES, SHOP_PROJECT } from './project';

/** Adds the reference shop to an environment chart. */
export function shopPlatform(chart: EnvironmentChart): void {
  new ShopPlatform(chart, 'shop');
}
