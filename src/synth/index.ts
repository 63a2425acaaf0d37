export * from './synth';
export * from './synthesize-environment';
export * from './write-output';
export { Manifest, Phase, layoutFiles, PHASES, Stage, STAGES } from './manifest-files';
