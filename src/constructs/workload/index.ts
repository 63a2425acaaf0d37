export * from './container-options';
export * from './workload-props';
export { AdditionalPort, Workload, WorkloadKind, ServingOptions, VolumeClaim } from './workload';
