export * from './applyset';
export * from './release-plan';
export * from './kustomization';
export * from './apply-script';
export * from './release-manifest';
export * from './release-files';
export * from './prune';
export * from './gitops';
