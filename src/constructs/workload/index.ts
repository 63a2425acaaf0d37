export * from './container-options';
export * from './workload-props';
export { Workload, WorkloadKind, ServingOptions, VolumeClaim } from './workload';
