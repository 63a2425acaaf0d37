/**
 * Comparing two environments' objects: per workload the aspects that differ, objects only in one,
 * other changed objects, and the traffic edges from the NetworkPolicies. Pure (objects in, a
 * description out), beside `policy/` and `capacity/`; the CLI's `diff` formats it for the terminal.
 */
export { ABSENT, cells, countDifferences, diffEnvironments, registrySplit } from './environment-diff';
export type { DiffRow, EnvironmentDiff, ObjectDiff, RegistryChange, WorkloadDiff } from './environment-diff';
export { compareEdges, edgeKey, INTERNET, trafficEdges } from './traffic-graph';
export type { EdgeComparison, TrafficEdge } from './traffic-graph';
export { aspectRank, ObjectSet, workloadFacts } from './workload-facts';
export type { WorkloadFacts } from './workload-facts';
export { countReleaseChanges, diffRelease, objectLabel } from './release-diff';
export type { ReleaseDiff, ReleaseSide, RemovedObject } from './release-diff';
