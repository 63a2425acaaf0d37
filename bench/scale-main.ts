/**
 * Scale benchmark entry (bundled by `node scripts/bundle.js scale` to `.build/scale.js`):
 * `node .build/scale.js N OUTDIR` renders the generated N-service platform for the four
 * environments, through the same gate as `synth` (construct validation, schema, policy, capacity),
 * writes it to OUTDIR and prints one JSON line: services, objects, bytes, milliseconds.
 */
import { renderAll } from '../src/synth/synth';
import { writeOutput } from '../src/synth/write-output';
import { scalePlatform, scaleProfiles } from './scale-platform';
import { Environment } from '../src/profiles/environment';
import { SHOP_PROJECT } from '../src/platform/project';

function main(argv: string[]): number {
  const [countArg, outdir] = argv;
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 1 || !outdir) {
    process.stderr.write('usage: node .build/scale.js SERVICES OUTDIR\n');
    return 2;
  }
  const started = process.hrtime.bigint();
  const outputs = renderAll(scaleProfiles(count).map((p) => new Environment(p, { project: SHOP_PROJECT })), scalePlatform(count));
  writeOutput(outdir, outputs);
  let bytes = 0;
  for (const o of outputs) for (const text of o.files.values()) bytes += Buffer.byteLength(text);
  const summary = {
    services: count,
    environments: outputs.map((o) => o.name),
    objects: outputs.reduce((n, o) => n + o.objectCount, 0),
    bytes,
    millis: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    perEnvironmentMillis: Object.fromEntries(outputs.map((o) => [o.name, Math.round(o.millis)])),
  };
  process.stdout.write(JSON.stringify(summary) + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
