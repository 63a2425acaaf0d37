import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentOutput } from './synth';

/**
 * Writes environments to `<outdir>/<env>/` atomically: everything goes to a temporary directory
 * beside `outdir` first and each environment directory is swapped in by rename only when all are
 * written. Environments not in `outputs` are left alone; a failure before the swap leaves `outdir`
 * exactly as it was.
 */
export function writeOutput(outdir: string, outputs: readonly EnvironmentOutput[]): void {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}-synth-`));
  try {
    for (const out of outputs) {
      const dir = path.join(staging, 'new', out.name);
      fs.mkdirSync(dir, { recursive: true });
      for (const [file, text] of out.files) fs.writeFileSync(path.join(dir, file), text);
    }
    fs.mkdirSync(target, { recursive: true });
    fs.mkdirSync(path.join(staging, 'old'));
    for (const out of outputs) {
      const final = path.join(target, out.name);
      if (fs.existsSync(final)) fs.renameSync(final, path.join(staging, 'old', out.name));
      fs.renameSync(path.join(staging, 'new', out.name), final);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
