/**
 * The reference shop as a project: `npm run synth` (and `npx shipyard-k8s ...` in this directory)
 * renders these environments, plus those in environments/<name>.yaml, and the Google Cloud stacks of
 * the ones with a `gcp` block.
 */
import { defineProject } from '@shipyard/k8s';
import { PLATFORM_PROFILES, SHOP_PROJECT, shopPlatform } from './src/platform';

export default defineProject({
  name: SHOP_PROJECT,
  environments: PLATFORM_PROFILES,
  platform: shopPlatform,
  infra: {},
});
