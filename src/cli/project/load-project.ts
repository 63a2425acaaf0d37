/**
 * Finding and loading a project's `shipyard.config.ts`: the file is bundled with esbuild (its own
 * relative imports included, packages left to node), with an inline source map so that errors in it
 * point at its TypeScript lines, and run in this process. No build step and no type-checking: that
 * stays the project's own `tsc`.
 *
 * The library, cdk8s, cdk8s-plus-28 and constructs the project imports are the very modules this CLI
 * runs with, so `instanceof` and construct-tree lookups hold even where a second copy is installed.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import type { BuildFailure, Message } from 'esbuild';
import { isProjectDefinition } from '../../project/define-project';
import { Project, projectRelative, resolveProject } from '../../project/project';
import { ShipyardError } from '../../errors';
import { UsageError } from '../errors';

/** The project file's name, looked for in the working directory and its parents. */
export const PROJECT_FILE = 'shipyard.config.ts';

/** The project file cannot be loaded: a syntax error, an error while it runs, or no `defineProject` export. */
export class ProjectLoadError extends ShipyardError {}

/**
 * The project file: `explicit` (`--config FILE`), or `shipyard.config.ts` in `cwd` or the nearest
 * parent directory that has one. Throws a {@link UsageError} when there is none.
 */
export function findProjectFile(cwd: string, explicit?: string): string {
  const file = lookForProjectFile(cwd, explicit);
  if (file) return file;
  throw new UsageError(
    `no ${PROJECT_FILE} in ${path.resolve(cwd)} or its parent directories; create one (export default defineProject({ name, environments, platform })) or pass --config FILE`,
  );
}

/** Like {@link findProjectFile}, but undefined when there is no project file (an explicit one must exist). */
export function lookForProjectFile(cwd: string, explicit?: string): string | undefined {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`--config ${explicit}: no such file`);
    return file;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, PROJECT_FILE);
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- resolved lazily: only what the project imports is loaded */
/** Modules the project shares with this CLI, by the name it imports them with. */
const SHARED: Readonly<Record<string, () => unknown>> = {
  '@shipyard/k8s': (): unknown => require('../../index'),
  '@shipyard/k8s/infra': (): unknown => require('../../infra'),
  'cdk8s': (): unknown => require('cdk8s'),
  'cdk8s-plus-28': (): unknown => require('cdk8s-plus-28'),
  'constructs': (): unknown => require('constructs'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

function formatMessage(m: Message, root: string): string {
  const loc = m.location;
  if (!loc) return m.text;
  const where = `${projectRelative(root, path.resolve(root, loc.file))}:${loc.line}:${loc.column + 1}`;
  return `${where}: ${m.text}\n    ${loc.lineText.trim()}`;
}

/** Bundles the project file into CommonJS with an inline source map. */
function transpile(file: string): string {
  // Loaded on first use: `--help` and `validate` without a project never start esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const root = path.dirname(file);
  try {
    const result = esbuild.buildSync({
      entryPoints: [file],
      absWorkingDir: root,
      bundle: true,
      packages: 'external',
      // Also when the project's tsconfig `paths` map the library's name to its sources (as this
      // repository does): the project must get the library this CLI runs, not a bundled second copy.
      external: Object.keys(SHARED),
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0].text;
  } catch (error) {
    const failure = error as BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    throw new ProjectLoadError(`${projectRelative(root, file)} does not compile:\n${failure.errors.map((m) => '  ' + formatMessage(m, root)).join('\n')}`);
  }
}

/**
 * The first stack frame in the project's own code (not node_modules, not this CLI), as
 * `file:line:column` relative to the project root; source-mapped to the TypeScript line.
 */
export function projectFrame(error: unknown, root: string): string | undefined {
  const stack = error instanceof Error ? error.stack ?? '' : '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:[A-Za-z]:)?[^\s():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1];
    if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`) || !file.startsWith(root + path.sep)) continue;
    if (file.startsWith(path.join(root, '.build') + path.sep) || file.startsWith(path.join(root, 'lib') + path.sep)) continue;
    return `${projectRelative(root, file)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

/** Runs the bundled project file as a CommonJS module named after the original file. */
function evaluate(file: string, code: string): unknown {
  process.setSourceMapsEnabled(true);
  const m = new Module(file, module);
  m.filename = file;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const own = Module.createRequire(file);
  m.require = Object.assign((id: string): unknown => (Object.prototype.hasOwnProperty.call(SHARED, id) ? SHARED[id]() : own(id)), own) as NodeJS.Require;
  (m as unknown as { _compile(code: string, file: string): void })._compile(code, file);
  return m.exports;
}

/**
 * Loads the project: finds its file, bundles and runs it, checks that it exports a `defineProject`
 * result, and resolves its environments (with the environment files). Throws
 * {@link ProjectLoadError} naming the file and line, or a {@link UsageError} when there is no project.
 */
export function loadProject(cwd: string, explicit?: string): Project {
  return loadProjectFile(findProjectFile(cwd, explicit));
}

/**
 * Where this CLI's own modules are, when it runs from separate TypeScript files with a `.ts` require
 * hook (scripts/run-ts.js: `npm run synth:k8s`): then the project file is required like any module,
 * file by file through that hook, instead of bundled with esbuild. Each run then transpiles only the
 * files that changed (the hook caches by content) and never starts esbuild's service, and
 * `synth --watch` sees every module of the project in the require cache. Undefined in a bundle or
 * in lib/ (no hook): the project file is bundled.
 */
function sharedModuleFiles(): Readonly<Record<string, string>> | undefined {
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  if (!extensions['.ts'] || !__filename.endsWith('.ts')) return undefined;
  return { '@shipyard/k8s': require.resolve('../../index'), '@shipyard/k8s/infra': require.resolve('../../infra') };
}

/** Marks node's resolver once it maps the library's names (this module is reloaded by `--watch`). */
const MAPPED = Symbol.for('shipyard-k8s.load-project.mapped');

/** Requires the project file through the `.ts` hook, with the library's names mapped to this CLI's modules. */
function requireProject(file: string, shared: Readonly<Record<string, string>>): unknown {
  type Resolve = ((request: string, parent: unknown, ...rest: unknown[]) => string) & { [MAPPED]?: true };
  const M = Module as unknown as { _resolveFilename: Resolve };
  if (!M._resolveFilename[MAPPED]) {
    const original = M._resolveFilename;
    const resolveShared: Resolve = function (this: unknown, request: string, parent: unknown, ...rest: unknown[]): string {
      return Object.prototype.hasOwnProperty.call(shared, request) ? shared[request] : original.call(this, request, parent, ...rest);
    };
    resolveShared[MAPPED] = true;
    M._resolveFilename = resolveShared;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file);
}

/** Loads the project of a known project file (see {@link loadProject}). */
export function loadProjectFile(file: string): Project {
  const root = path.dirname(file);
  const label = projectRelative(process.cwd(), file);
  const shared = sharedModuleFiles();
  const code = shared ? '' : transpile(file);
  let exported: unknown;
  try {
    exported = shared ? requireProject(file, shared) : evaluate(file, code);
  } catch (error) {
    if (error instanceof ShipyardError) throw new ProjectLoadError(`${label}: ${error.message}`);
    const at = projectFrame(error, root);
    const e = error instanceof Error ? error : new Error(String(error));
    throw new ProjectLoadError(`${label} failed while loading: ${e.name}: ${e.message}${at ? `\n    at ${at}` : ''}`);
  }
  const definition = (exported as { default?: unknown }).default ?? exported;
  if (!isProjectDefinition(definition)) {
    throw new ProjectLoadError(`${label}: its default export is not a project; end it with: export default defineProject({ name, environments, platform })`);
  }
  return resolveProject(definition, file);
}
