/**
 * Warm render workers for `synth --watch`: worker threads started once, with the watcher, that load the
 * same project and render a share of the environments on every save. Like the watcher's own thread,
 * each keeps its modules, libraries, compiled validators, JIT and render memo between saves, and drops
 * only the edited modules (and their importers) before rendering again. Starting a worker costs a
 * few hundred milliseconds of loading, paid once while the first render runs, not per save.
 *
 * The calling thread stays synchronous: it posts each worker its environments, renders its own share,
 * then blocks (`Atomics.wait`) until every worker has posted its results.
 */
import { MessageChannel, MessagePort, Worker, isMainThread, workerData } from 'node:worker_threads';
import type { Environment } from '../profiles/environment';
import { collectReplies, failureReply, postReply, RenderResult, WorkerReply, workerExecArgv } from '../synth/render-workers';
import type { RenderedEnvironment } from '../synth/synth';
import { dropFromRequireCache } from './reload';

const MARK = 'shipyard-watch-worker';

interface WatchWorkerInput {
  readonly [MARK]: { readonly port: MessagePort };
  /** The project file the worker loads. */
  readonly configFile: string;
}

interface Request {
  /** Source files changed since the worker's last render. */
  readonly changed: readonly string[];
  readonly environments: readonly Environment[];
  readonly signal: SharedArrayBuffer;
}


/** Whether this thread is a warm render worker of `synth --watch`. */
export function isWatchWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && MARK in workerData;
}

/** The watcher's warm render workers (calling side). */
export class WatchWorkers {
  private readonly workers: { readonly worker: Worker; readonly port: MessagePort }[] = [];
  private readonly pending = new Set<string>();

  /**
   * @param count worker threads to start
   * @param entry the CLI's entry module (it serves {@link serveWatchWorker} in a watch worker)
   * @param configFile the project file
   */
  constructor(count: number, entry: string, configFile: string) {
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const input: WatchWorkerInput = { [MARK]: { port: port2 }, configFile };
      const worker = new Worker(`require(${JSON.stringify(entry)});`, { eval: true, workerData: input, transferList: [port2], execArgv: workerExecArgv() });
      worker.unref();
      this.workers.push({ worker, port: port1 });
    }
  }

  /** Threads in all, this one included. */
  public get threads(): number {
    return this.workers.length + 1;
  }

  /** Source files that changed: each worker drops them (and their importers) before its next render. */
  public invalidate(files: readonly string[]): void {
    for (const f of files) this.pending.add(f);
  }

  /**
   * Posts each worker its share (`shares[i]` to worker i) and returns a function that waits for and
   * returns every result, in the order of the shares.
   */
  public render(shares: readonly (readonly Environment[])[]): () => RenderResult[] {
    const changed = [...this.pending];
    this.pending.clear();
    const waits = shares.map((environments, i) => {
      const signal = new SharedArrayBuffer(4);
      const { port } = this.workers[i];
      const request: Request = { changed, environments, signal };
      port.postMessage(request);
      return () => collectReplies(port, new Int32Array(signal), environments);
    });
    return () => waits.flatMap((wait) => wait());
  }

  /** Stops the workers. */
  public close(): void {
    for (const w of this.workers) void w.worker.terminate();
  }
}

/**
 * In a watch worker: serves render requests until the process ends. Each request drops the changed
 * modules, loads the project (and the render code) from the require cache, fresh where it was
 * dropped, and renders the given environments with this worker's render memo.
 */
export function serveWatchWorker(): void {
  if (!isWatchWorker()) return;
  const input = workerData as WatchWorkerInput;
  const { port } = input[MARK];
  const state: { memo?: import('../synth/render-memo').RenderMemo } = {};
  port.on('message', (request: Request) => {
    const count = new Int32Array(request.signal);
    const post = (reply: WorkerReply) => postReply(port, count, reply);
    const fail = (environment: Environment, error: unknown) => post(failureReply(environment.profile.name, error));
    dropFromRequireCache(request.changed);
    let render: (environment: Environment) => RenderedEnvironment;
    try {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { RenderMemo } = require('../synth/render-memo') as typeof import('../synth/render-memo');
      const { renderEnvironment } = require('../synth/synth') as typeof import('../synth/synth');
      const { withoutManifests } = require('../synth/render-workers') as typeof import('../synth/render-workers');
      const { Environment: EnvironmentClass } = require('../profiles/environment') as typeof import('../profiles/environment');
      const { loadProjectFile } = require('./project/load-project') as typeof import('./project/load-project');
      /* eslint-enable @typescript-eslint/no-require-imports */
      if (!(state.memo instanceof RenderMemo)) state.memo = new RenderMemo();
      const memo = state.memo;
      const platform = loadProjectFile(input.configFile).platform;
      // An Environment is data (its resolved profile) and methods: the copy received gets its methods back.
      render = (data) => withoutManifests(renderEnvironment(Object.setPrototypeOf(data, EnvironmentClass.prototype) as Environment, platform, { memo }));
    } catch (error) {
      for (const environment of request.environments) fail(environment, error);
      return;
    }
    for (const environment of request.environments) {
      try {
        post({ ok: true, output: render(environment) });
      } catch (error) {
        fail(environment, error);
      }
    }
    state.memo.nextRender();
  });
}
