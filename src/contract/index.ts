export * from './cluster-contract';
export { compareVersions, OPERATOR_APIS, OperatorApi, OperatorName } from './operator-apis';
