/**
 * Rendering environments on several cores. Environments are independent, so a run can hand some of
 * them to worker threads while the calling thread renders the others. The API stays synchronous: the
 * calling thread renders its share, then blocks (`Atomics.wait`) until each worker has posted its
 * environments. A worker cannot receive the platform factory (a function), so it loads a module that
 * builds the same platform: the module calls {@link serveRenderWorker} when it is loaded in a render
 * worker (see {@link isRenderWorker}).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker, isMainThread, workerData } from 'node:worker_threads';
import { ShipyardError } from '../errors';
import { Environment } from '../profiles/environment';
import { RenderedEnvironment, renderEnvironment } from './synth';
import { PlatformFactory } from './synthesize-environment';

/** The module a render worker loads to build the same platform as the calling thread. */
export interface RenderWorkerModule {
  /**
   * Absolute file name of a CommonJS module (typically the running entry point, `__filename` of a
   * bundle) that calls {@link serveRenderWorker} with the platform factory when
   * {@link isRenderWorker} is true.
   */
  readonly filename: string;
  /**
   * Data the module needs to build its platform (structured-cloneable), read with {@link renderWorkerData}.
   * @default undefined
   */
  readonly data?: unknown;
}

/** How many threads render a run. */
export interface ParallelOptions {
  /** The module each worker thread loads. */
  readonly worker: RenderWorkerModule;
  /**
   * Threads in all (the calling thread included), or `auto`: the calling thread renders the first
   * environment alone and starts workers only if it held more than {@link AUTO_PARALLEL_MIN_OBJECTS}
   * objects, and only as many as there are idle cores (CPUs minus the one-minute load average). A
   * worker's start costs about 100 ms of loading and a copy of the loaded code and heap (at 1000
   * services, about 150 MiB more): small platforms render faster and smaller on one thread, and on a
   * machine whose cores are busy a worker only waits for a core while holding its memory.
   * @default 'auto'
   */
  readonly jobs?: number | 'auto';
}

/**
 * Worker threads started beforehand that render shares of environments on request (`synth --watch`'s
 * warm workers), instead of workers started for one run.
 */
export interface WorkerPool {
  /** Threads in all, the calling thread included. */
  readonly threads: number;
  /** Hands worker i `shares[i]`; returns a function that waits for every result and returns them in share order. */
  render(shares: readonly (readonly Environment[])[]): () => RenderResult[];
}

/** `jobs: 'auto'` starts workers only when the first environment has more objects than this. */
export const AUTO_PARALLEL_MIN_OBJECTS = 1000;

const MARK = 'shipyard-render-worker';

interface WorkerInput {
  readonly [MARK]: { readonly port: MessagePort; readonly signal: SharedArrayBuffer; readonly environments: readonly Environment[] };
  readonly data: unknown;
}

/** What a worker thread posts for each environment it was given, in order (render and watch workers alike). */
export type WorkerReply =
  | { readonly ok: true; readonly output: RenderedEnvironment }
  | { readonly ok: false; readonly environment: string; readonly message: string; readonly name: string };

/** The reply for an environment whose render failed. */
export function failureReply(environment: string, error: unknown): WorkerReply {
  const e = error instanceof Error ? error : new Error(String(error));
  return { ok: false, environment, message: e.message, name: e.name };
}

/** Posts a reply and counts it in `count`, waking the thread that waits in {@link collectReplies}. */
export function postReply(port: MessagePort, count: Int32Array, reply: WorkerReply): void {
  port.postMessage(reply);
  Atomics.add(count, 0, 1);
  Atomics.notify(count, 0);
}

/**
 * On the calling thread: waits for one reply per environment on `port` (`count` counts those posted,
 * see {@link postReply}) and returns them in order, a failure as a {@link WorkerRenderError}.
 */
export function collectReplies(port: MessagePort, count: Int32Array, environments: readonly Environment[]): RenderResult[] {
  const out: RenderResult[] = [];
  while (out.length < environments.length) {
    const received = receiveMessageOnPort(port);
    if (!received) {
      // Sleep until the worker counts another environment as posted.
      Atomics.wait(count, 0, out.length, 1000);
      continue;
    }
    const m = received.message as WorkerReply;
    const environment = environments[out.length];
    out.push(m.ok ? { environment, output: m.output } : { environment, error: new WorkerRenderError(m.message, m.name) });
  }
  return out;
}

/** Node options that take their value as the next word (`-r FILE`). */
const OPTIONS_WITH_VALUE = new Set(['--require', '-r', '--import', '--loader', '--experimental-loader', '--conditions', '-C']);

/** The node options a worker thread takes from this process: how modules load and what node warns about. */
const WORKER_OPTION = /^(--require|-r|--import|--loader|--experimental-loader|--conditions|-C|--enable-source-maps|--preserve-symlinks|--preserve-symlinks-main|--no-warnings|--no-deprecation|--experimental-[a-z-]+)(=.*)?$/;

/**
 * This process's node options for a worker thread: those that decide how modules load (e.g. the
 * `--require` of scripts/run-ts.js that transpiles TypeScript). Node refuses V8 flags in a worker's
 * `execArgv` (`--max-semi-space-size` of synth:k8s, `--expose-gc`…): they are process-wide and apply
 * to the worker's heap anyway.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = WORKER_OPTION.exec(argv[i]);
    if (!m) continue;
    out.push(argv[i]);
    if (m[2] === undefined && OPTIONS_WITH_VALUE.has(m[1]) && i + 1 < argv.length) out.push(argv[++i]);
  }
  return out;
}

/** Whether this thread is a render worker (started by `renderFiles` with `parallel`). */
export function isRenderWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && MARK in workerData;
}

/** The `data` of the {@link RenderWorkerModule} that started this worker. */
export function renderWorkerData(): unknown {
  return isRenderWorker() ? (workerData as WorkerInput).data : undefined;
}

/** A rendering error from a worker thread, with the original error's message. */
export class WorkerRenderError extends ShipyardError {
  constructor(
    message: string,
    /** Name of the original error class. */
    public readonly originalName: string,
  ) {
    super(message);
  }
}

/**
 * In a render worker: renders the environments this worker was given with `platform`, posting each
 * (files only: the objects are dropped before the next environment is built). Does nothing elsewhere.
 */
export function serveRenderWorker(platform: PlatformFactory): void {
  if (!isRenderWorker()) return;
  const { port, signal, environments } = (workerData as WorkerInput)[MARK];
  const count = new Int32Array(signal);
  for (const data of environments) {
    // An Environment is data (its resolved profile) and methods: the copy the worker received gets its
    // methods back, so the profile is not validated and resolved a second time.
    const environment = Object.setPrototypeOf(data, Environment.prototype) as Environment;
    let reply: WorkerReply;
    try {
      reply = { ok: true, output: withoutManifests(renderEnvironment(environment, platform)) };
    } catch (error) {
      reply = failureReply(environment.name, error);
    }
    postReply(port, count, reply);
  }
  port.close();
}

/** An environment's output without its objects and release plan (what is written and reported). */
export function withoutManifests(out: RenderedEnvironment & { readonly manifests?: unknown; readonly release?: unknown }): RenderedEnvironment {
  const { manifests: _objects, release: _plan, ...rest } = out;
  return rest;
}

/** One environment's result. */
export type RenderResult = { readonly environment: Environment } & ({ readonly output: RenderedEnvironment } | { readonly error: Error });

/**
 * Renders `environments` on up to `jobs` threads; `renderHere` renders one on the calling thread.
 * Results come back in the order of `environments`, each with its output or its error, as they would
 * serially.
 */
export function renderInParallel(
  environments: readonly Environment[],
  renderHere: (environment: Environment) => RenderedEnvironment,
  options: ParallelOptions | { readonly pool: WorkerPool },
): RenderResult[] {
  const results = new Map<string, RenderResult>();
  const runHere = (environment: Environment) => {
    try {
      results.set(environment.name, { environment, output: renderHere(environment) });
    } catch (error) {
      results.set(environment.name, { environment, error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  if ('pool' in options) {
    // Warm workers: environment i goes to thread i mod threads, this thread taking the first share.
    const shares = sharesOf(environments, options.pool.threads);
    const collect = options.pool.render(shares.slice(1));
    for (const e of shares[0]) runHere(e);
    for (const r of collect()) results.set(r.environment.name, r);
    return environments.map((e) => results.get(e.name)!);
  }
  const rest = [...environments];
  let jobs = options.jobs ?? 'auto';
  if (jobs === 'auto') {
    const first = rest.shift();
    if (first) {
      runHere(first);
      const r = results.get(first.name)!;
      jobs = 'output' in r && r.output.objectCount > AUTO_PARALLEL_MIN_OBJECTS ? idleThreads() : 1;
    }
  }
  const threads = Math.max(1, Math.min(Math.floor(jobs as number), rest.length));
  const shares = sharesOf(rest, threads);
  const workers = shares.slice(1).filter((s) => s.length).map((share) => startWorker(share, options.worker));
  try {
    for (const e of shares[0]) runHere(e);
    for (const w of workers) for (const r of w.collect()) results.set(r.environment.name, r);
  } finally {
    for (const w of workers) void w.worker.terminate();
  }
  return environments.map((e) => results.get(e.name)!);
}

/** Environment i in share i mod threads: the calling thread takes the first share, each worker an equal slice of the rest. */
function sharesOf(environments: readonly Environment[], threads: number): Environment[][] {
  const shares: Environment[][] = Array.from({ length: threads }, () => []);
  environments.forEach((e, i) => shares[i % threads].push(e));
  return shares;
}

/**
 * Threads for `jobs: 'auto'`: one per core that is not busy with other work: CPUs minus the one-minute load average, plus
 * one for this process (which the load average counts). On Windows the load average is 0: every core.
 */
export function idleThreads(): number {
  const cpus = availableParallelism();
  return Math.max(1, Math.min(cpus, Math.floor(cpus - loadavg()[0] + 1)));
}

/** CPU time counters of each core (`os.cpus()` times, milliseconds). */
export type CoreTimes = readonly { readonly times: { readonly user: number; readonly nice: number; readonly sys: number; readonly idle: number; readonly irq: number } }[];

/** How many cores were idle between two readings of the cores' counters (a fraction: 1.5 is one and a half cores). */
export function idleCoresBetween(before: CoreTimes, after: CoreTimes): number {
  let idle = 0;
  for (let i = 0; i < Math.min(before.length, after.length); i++) {
    const a = before[i].times;
    const b = after[i].times;
    const total = b.user + b.nice + b.sys + b.idle + b.irq - (a.user + a.nice + a.sys + a.idle + a.irq);
    if (total > 0) idle += (b.idle - a.idle) / total;
  }
  return idle;
}

/**
 * Threads for a long-running process (`synth --watch`) under `jobs: 'auto'`: the cores idle now,
 * measured over `sampleMs` while this thread sleeps. The one-minute load average lags: a minute after
 * a build or a test run it still counts busy cores that are idle, and a watcher decides once, for its
 * whole life. Too long a pause for every synth; a watcher pays it once.
 */
export function idleThreadsNow(sampleMs = 300): number {
  const cores = availableParallelism();
  const before = cpus();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sampleMs);
  return Math.max(1, Math.min(cores, Math.round(idleCoresBetween(before, cpus()))));
}

function startWorker(environments: readonly Environment[], module: RenderWorkerModule): { worker: Worker; collect: () => RenderResult[] } {
  const signal = new SharedArrayBuffer(4);
  const count = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const input: WorkerInput = { [MARK]: { port: port2, signal, environments }, data: module.data };
  // A loader that reports a module that fails to load, or never serves, as an error for each environment.
  const bootstrap = `
const { workerData } = require('node:worker_threads');
const { port, signal, environments } = workerData[${JSON.stringify(MARK)}];
const fail = (message, name) => {
  const count = new Int32Array(signal);
  for (let i = Atomics.load(count, 0); i < environments.length; i++) {
    port.postMessage({ ok: false, environment: environments[i].profile.name, message, name });
    Atomics.add(count, 0, 1);
    Atomics.notify(count, 0);
  }
};
try {
  require(${JSON.stringify(module.filename)});
  fail('render worker: ' + ${JSON.stringify(module.filename)} + ' did not call serveRenderWorker', 'Error');
} catch (e) {
  fail(String((e && e.message) || e), (e && e.name) || 'Error');
}
`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input, transferList: [port2], execArgv: workerExecArgv() });
  worker.unref();
  const collect = (): RenderResult[] => {
    const out = collectReplies(port1, count, environments);
    port1.close();
    return out;
  };
  return { worker, collect };
}
