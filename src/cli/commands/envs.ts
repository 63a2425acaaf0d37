import { SettingSource } from '../../project/environment-files';
import { Project } from '../../project/project';
import { EnvironmentProfile } from '../../profiles/environment-profile';
import { COMMON_OPTIONS, parseCommand } from '../args';
import { imageLockOptions, prepareRun } from '../environments';
import { EXIT, UsageError } from '../errors';
import { loadProject } from '../project/load-project';
import { Output } from '../terminal/output';
import { formatTable } from '../terminal/table';

export const ENVS_HELP = `Usage: shipyard-k8s envs [--format table|json] [--config FILE]
       shipyard-k8s envs show NAME [--set [ENV:]PATH=VALUE]... [--format text|json] [--config FILE]

Lists the project's environments (from shipyard.config.ts and environments/<name>.yaml) with their
platform, domain, replica range, database, whether they get a Terraform stack, and where each is
declared. 'envs show NAME' prints every setting of one environment as a run would use it (after
'extends' and --set) and where each value came from: the project file, an environment file, or --set.

Options:
  --format table|json   output format (default: table; text for show)
  --set [ENV:]PATH=VALUE  with show: apply an override, as for synth
  --config FILE         the project file (default: shipyard.config.ts here or in a parent)
  -h, --help            this help`;

/** One environment, as listed. */
export interface EnvironmentSummary {
  readonly name: string;
  readonly platform: string;
  readonly domain: string;
  readonly registry: string;
  readonly replicas: string;
  readonly database: string;
  /** Whether `synth` writes a Terraform stack for it. */
  readonly stack: boolean;
  /** Where it is declared (and what it extends). */
  readonly declaredIn: string;
}

export function summarizeEnvironment(p: EnvironmentProfile, project?: Project): EnvironmentSummary {
  const a = p.autoscaling;
  const env = project?.environments.find((e) => e.profile.name === p.name);
  return {
    name: p.name,
    platform: p.platform,
    domain: p.domain,
    registry: p.registry,
    replicas: a.enabled ? `HPA ${a.minReplicas}..${a.maxReplicas}` : `${a.minReplicas} fixed`,
    database: p.database.mode,
    stack: Boolean(project?.infra && p.gcp),
    declaredIn: env ? `${env.declaredIn}${env.extends ? ` (extends ${env.extends})` : ''}` : 'code',
  };
}

/** One setting of an environment and where its value came from. */
export interface SettingLine {
  readonly path: string;
  readonly value: string;
  readonly source: SettingSource;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every setting of a profile, in the profile's field order, with its source. */
export function settingLines(env: { readonly profile: object; readonly sources: ReadonlyMap<string, SettingSource> }): SettingLine[] {
  const lines: SettingLine[] = [];
  const walk = (value: unknown, at: string) => {
    if (isPlain(value)) {
      for (const [k, v] of Object.entries(value)) if (v !== undefined) walk(v, at ? `${at}.${k}` : k);
      return;
    }
    lines.push({ path: at, value: typeof value === 'string' ? value : JSON.stringify(value), source: sourceOf(env.sources, at) });
  };
  walk(env.profile, '');
  return lines;
}

/** The source of a path: its own, or the nearest enclosing one (a list or object set as a whole). */
function sourceOf(sources: ReadonlyMap<string, SettingSource>, at: string): SettingSource {
  for (let p = at; p; p = p.replace(/(\.[^.[\]]*|\[\d+\])$/, '')) {
    const s = sources.get(p);
    if (s) return s;
    if (!/[.[]/.test(p)) break;
  }
  return 'code';
}

export function envsCommand(argv: readonly string[], out: Output): number {
  const { values, positionals } = parseCommand(
    'envs',
    argv,
    { ...COMMON_OPTIONS, format: { type: 'string' }, set: { type: 'string', multiple: true, default: [] } },
    true,
  );
  if (values.help) {
    out.data(ENVS_HELP + '\n');
    return EXIT.ok;
  }
  const [sub, ...rest] = positionals;
  if (sub === 'show') return showCommand(rest, values.set ?? [], values.format ?? 'text', values.config, out);
  if (sub !== undefined) throw new UsageError(`envs: unknown subcommand "${sub}"; run 'shipyard-k8s envs' to list, 'shipyard-k8s envs show NAME' for one environment`);
  if ((values.set ?? []).length) throw new UsageError(`envs: --set applies to 'envs show NAME'`);
  const project = loadProject(process.cwd(), values.config);
  const envs = project.environments.map((e) => summarizeEnvironment(e.profile, project));
  const format = values.format ?? 'table';
  if (format === 'json') {
    out.data(JSON.stringify(envs, null, 2) + '\n');
  } else if (format === 'table') {
    const rows = envs.map((e) => [e.name, e.platform, e.domain, e.replicas, e.database, e.stack ? 'yes' : 'no', e.declaredIn]);
    out.info(`Project ${project.name} (${project.environments.length} environments)`);
    out.info(formatTable(rows, { header: ['ENVIRONMENT', 'PLATFORM', 'DOMAIN', 'REPLICAS', 'DATABASE', 'STACK', 'DECLARED IN'] }).join('\n'));
  } else {
    throw new UsageError(`envs: unknown format "${format}"; formats: table, json`);
  }
  return EXIT.ok;
}

function showCommand(names: readonly string[], sets: readonly string[], format: string, config: string | undefined, out: Output): number {
  if (names.length !== 1) throw new UsageError(`envs show: expected one environment (envs show NAME), got ${names.length ? names.join(' ') : 'none'}`);
  if (format !== 'text' && format !== 'json') throw new UsageError(`envs show: unknown format "${format}"; formats: text, json`);
  const project = loadProject(process.cwd(), config);
  const run = prepareRun(names, sets, project.environments, project.name, imageLockOptions(project));
  const environment = run.environments[0];
  const declared = project.environments.find((e) => e.profile.name === environment.name)!;
  const env = { profile: environment.profile, sources: run.sources.get(environment.name)! };
  const lines = settingLines(env);
  if (format === 'json') {
    out.data(JSON.stringify({ name: environment.name, declaredIn: declared.declaredIn, extends: declared.extends, profile: env.profile, sources: Object.fromEntries(lines.map((l) => [l.path, l.source])) }, null, 2) + '\n');
    return EXIT.ok;
  }
  out.info(out.bold(`${environment.name}: declared in ${declared.declaredIn}${declared.extends ? `, extends ${declared.extends}` : ''} (project ${project.name})`));
  out.info(formatTable(lines.map((l) => [l.path, l.value, l.source]), { header: ['SETTING', 'VALUE', 'FROM'], maxCell: 80 }).join('\n'));
  return EXIT.ok;
}
