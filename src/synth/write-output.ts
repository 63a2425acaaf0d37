import { OutputTree, WriteOptions, WriteReport, writeOutputs } from '../output';
import { RenderedEnvironment } from './synth';

/** The manifests of a run as one output tree: `<outdir>/<env>/`, one directory per environment. */
export function manifestTree(outdir: string, outputs: readonly RenderedEnvironment[]): OutputTree {
  return { dir: outdir, units: outputs.map((o) => ({ path: o.name, files: o.files })) };
}

/**
 * Writes environments to `<outdir>/<env>/` in one atomic switch (see {@link writeOutputs}): every
 * environment is replaced, or none. Environments not in `outputs` are left alone. To write the
 * Terraform stacks in the same switch, pass both trees to {@link writeOutputs}.
 */
export function writeOutput(outdir: string, outputs: readonly RenderedEnvironment[], options?: WriteOptions): WriteReport {
  return writeOutputs([manifestTree(outdir, outputs)], options);
}
