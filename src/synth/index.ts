export * from './synth';
export * from './synthesize-environment';
export * from './write-output';
export { Manifest, Phase, layoutFiles, PHASES } from './manifest-files';
