/**
 * The Google Cloud side of the platform as a cdktf app. All cdktf-specific code lives in this
 * directory; it imports provider submodules only (never `@cdktf/provider-google` itself).
 *
 * @packageDocumentation
 */
export {
  ShopCloudStack,
  ShopCloudStackProps,
  NetworkRanges,
  DEFAULT_NETWORK_RANGES,
  SECONDARY_RANGE_NAMES,
  INFRA_VARIABLES,
  INFRA_OUTPUTS,
} from './shop-cloud-stack';
export { synthInfra, synthesizeStacks, SynthesizeStacksOptions, SynthInfraOptions, SynthInfraResult } from './synth-infra';
export type { OutputTree, OutputUnit, WriteOptions } from '../output';
export { secretIdsOf } from './secret-ids';
export { REQUIRED_APIS } from './shop-cloud-stack';
export { checkTerraformOutputs, OutputCheck, OutputMismatch } from './check-outputs';
export type * from '../profiles/environment-profile';
export type { CloudNames } from '../profiles/cloud-names';
export type { Environment, EnvironmentOptions, DatabaseConnection, PublicExposure, ReplicaPlan } from '../profiles/environment';
export type * from '../profiles/resolved-profile';
export type { ProfileIssue, ProfileValidationError, ShipyardError } from '../errors';
