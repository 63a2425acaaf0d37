import { BUILTIN_PROFILES, EnvironmentProfile } from '@shipyard/k8s';

/** The reference shop's project name: its `app.kubernetes.io/part-of` label and the stem of its service-account, secret and cloud names. */
export const SHOP_PROJECT = 'shop';

/** The environments `npm run synth` renders, in order; the ones with a `gcp` block also get a cloud stack. */
export const PLATFORM_PROFILES: readonly EnvironmentProfile[] = [BUILTIN_PROFILES.minikube, BUILTIN_PROFILES.staging, BUILTIN_PROFILES.gke, BUILTIN_PROFILES.baremetal];
