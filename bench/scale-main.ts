/**
 * Scale benchmark entry (bundled by `node scripts/bundle.js scale` to `.build/scale.js`):
 * `node .build/scale.js N OUTDIR [--jobs N|auto]` renders the generated N-service platform for the four
 * environments, through the same gate and the same rendering path as `synth` (construct validation,
 * schema, policy, capacity; `renderFiles`, threads as `--jobs` says, default auto), writes it to OUTDIR as synth does
 * and prints one JSON line: services, objects, bytes, milliseconds.
 */
import { renderFiles } from '../src/synth/render-files';
import { renderWorkerData, serveRenderWorker } from '../src/synth/render-workers';
import { OutputTransaction } from '../src/output';
import { RenderedEnvironment } from '../src/synth/synth';
import { scalePlatform, scaleProfiles } from './scale-platform';
import { Environment } from '../src/profiles/environment';
import { SHOP_PROJECT } from '../src/platform/project';

function main(argv: string[]): number {
  const [countArg, outdir, ...rest] = argv;
  const count = Number(countArg);
  const jobsArg = rest[0] === '--jobs' ? rest[1] : 'auto';
  const jobs = jobsArg === 'auto' ? 'auto' : Number(jobsArg);
  if (!Number.isInteger(count) || count < 1 || !outdir || (jobs !== 'auto' && !(Number.isInteger(jobs) && jobs >= 1))) {
    process.stderr.write('usage: node .build/scale.js SERVICES OUTDIR [--jobs N|auto]\n');
    return 2;
  }
  const started = process.hrtime.bigint();
  const environments = scaleProfiles(count).map((p) => new Environment(p, { project: SHOP_PROJECT }));
  // As synth writes: each environment staged as it passes, its files dropped, one commit at the end.
  const txn = OutputTransaction.open([outdir]);
  let bytes = 0;
  let outputs: RenderedEnvironment[];
  try {
    outputs = renderFiles(environments, scalePlatform(count), {
      parallel: { worker: { filename: __filename, data: count }, jobs },
      keepFiles: false,
      onEnvironment: (o) => {
        for (const text of o.files.values()) bytes += Buffer.byteLength(text);
        txn.stageUnit(outdir, { path: o.name, files: o.files });
      },
    });
    txn.commit();
  } finally {
    txn.abort();
  }
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

const workerCount = renderWorkerData();
if (typeof workerCount === 'number') serveRenderWorker(scalePlatform(workerCount));
else process.exitCode = main(process.argv.slice(2));
