/**
 * The Black Friday question: do the environment's node groups, at their maximum size, hold every
 * workload at its maximum scale? Pure functions over synthesized (plain JSON) Kubernetes objects.
 *
 * @packageDocumentation
 */
export { checkCapacity } from './check-capacity';
export {
  CapacityOptions,
  CapacityReport,
  GroupCapacity,
  WorkloadDemand,
  ResourceAmount,
  HeadroomPercent,
  ReplicaSource,
  SYSTEM_RESERVE_PER_NODE,
} from './report-types';
export { parseQuantity, parseCpuMillis, parseMemoryBytes } from '../manifests/quantity';
