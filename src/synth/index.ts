export * from './synth';
export * from './synthesize-environment';
export * from './write-output';
export { DataTier, Manifest, Phase, layoutFiles, PHASES, Stage, STAGES } from './manifest-files';
export { renderFiles, RenderFilesOptions } from './render-files';
export { AUTO_PARALLEL_MIN_OBJECTS, isRenderWorker, ParallelOptions, RenderResult, RenderWorkerModule, renderWorkerData, serveRenderWorker, WorkerPool } from './render-workers';
export { ObjectMemo, RenderMemo } from './render-memo';
export { StoredRenderMemo } from './stored-render-memo';
