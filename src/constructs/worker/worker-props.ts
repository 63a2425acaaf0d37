import { WorkloadProps } from '../workload/workload-props';

/** Properties of a {@link Worker}. */
export interface WorkerProps extends WorkloadProps {}
