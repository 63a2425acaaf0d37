/**
 * The Kubernetes 1.28 L1 bindings, taken from cdk8s-plus-28 so that the API version is chosen in one
 * place: moving to a newer cdk8s-plus-XX changes this import.
 */
export { k8s } from 'cdk8s-plus-28';
