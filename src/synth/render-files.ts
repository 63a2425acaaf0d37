import { Environment } from '../profiles/environment';
import { Manifest } from './manifest-files';
import { ParallelOptions, renderInParallel, withoutManifests, WorkerPool } from './render-workers';
import { RenderedEnvironment, renderEnvironment, SynthFailedError } from './synth';
import { PlatformFactory } from './synthesize-environment';
import { ObjectMemo } from './render-memo';

/** Options of {@link renderFiles}. */
export interface RenderFilesOptions {
  /**
   * Called with each environment's full output (objects included) as soon as it passed, before its
   * objects are dropped; on a worker thread's environments, with the output without objects.
   * @default no callback
   */
  readonly onEnvironment?: (out: RenderedEnvironment & { readonly manifests?: readonly Manifest[] }) => void;
  /**
   * Render on several threads (see {@link ParallelOptions}).
   * @default one thread
   */
  readonly parallel?: ParallelOptions;
  /**
   * Render on warm worker threads started beforehand (`synth --watch`); instead of `parallel`.
   * @default none
   */
  readonly pool?: WorkerPool;
  /**
   * Keep each environment's files in the returned outputs. `false` when `onEnvironment` takes them
   * (e.g. stages them in an `OutputTransaction`): the outputs then come back with no files, and the
   * run holds one environment's output at a time instead of all of them.
   * @default true
   */
  readonly keepFiles?: boolean;
  /**
   * Reuse the YAML and schema validation of unchanged objects from an earlier render in this thread
   * (`synth --watch`).
   * @default each object validated and dumped
   */
  readonly memo?: ObjectMemo;
}

/**
 * Renders every environment and keeps only what is written: each environment is built, checked and
 * serialized, then its construct tree and objects are dropped before the next one is built, so memory
 * grows with one environment, not all of them. Optionally on several threads. Collects every
 * environment's failure before throwing {@link SynthFailedError}, like {@link renderAll}.
 */
export function renderFiles(environments: readonly Environment[], platform: PlatformFactory, options: RenderFilesOptions = {}): RenderedEnvironment[] {
  const reported = new Set<string>();
  const renderHere = (environment: Environment): RenderedEnvironment => {
    const full = renderEnvironment(environment, platform, options.memo ? { memo: options.memo } : {});
    reported.add(environment.name);
    options.onEnvironment?.(full);
    return kept(withoutManifests(full));
  };
  const kept = (o: RenderedEnvironment): RenderedEnvironment => (options.keepFiles === false ? { ...o, files: new Map() } : o);
  const outputs: RenderedEnvironment[] = [];
  const failures: { environment: string; error: Error }[] = [];
  const parallel = options.pool ? { pool: options.pool } : options.parallel;
  if (parallel && environments.length > 1) {
    for (const r of renderInParallel(environments, renderHere, parallel)) {
      if ('error' in r) failures.push({ environment: r.environment.name, error: r.error });
      else {
        // Environments rendered on this thread were reported as they passed; the workers' ones now.
        if (!reported.has(r.environment.name)) options.onEnvironment?.(r.output);
        outputs.push(kept(r.output));
      }
    }
  } else {
    for (const environment of environments) {
      try {
        outputs.push(renderHere(environment));
      } catch (error) {
        failures.push({ environment: environment.name, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
  }
  if (failures.length) throw new SynthFailedError(failures);
  return outputs;
}
