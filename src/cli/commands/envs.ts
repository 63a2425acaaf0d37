import { PLATFORM_PROFILES } from '../../platform';
import { EnvironmentProfile } from '../../profiles/environment-profile';
import { COMMON_OPTIONS, parseCommand } from '../args';
import { EXIT, UsageError } from '../errors';
import { Output } from '../terminal/output';
import { formatTable } from '../terminal/table';

export const ENVS_HELP = `Usage: shipyard-k8s envs [--format table|json]

Lists the environments 'synth' renders, with their platform, domain, replica range and database.

Options:
  --format table|json   output format (default: table)
  -h, --help            this help`;

/** One environment, as listed. */
export interface EnvironmentSummary {
  readonly name: string;
  readonly platform: string;
  readonly domain: string;
  readonly registry: string;
  readonly replicas: string;
  readonly database: string;
}

export function summarizeEnvironment(p: EnvironmentProfile): EnvironmentSummary {
  const a = p.autoscaling;
  return {
    name: p.name,
    platform: p.platform,
    domain: p.domain,
    registry: p.registry,
    replicas: a.enabled ? `HPA ${a.minReplicas}..${a.maxReplicas}` : `${a.minReplicas} fixed`,
    database: p.database.mode,
  };
}

export function envsCommand(argv: readonly string[], out: Output): number {
  const { values } = parseCommand('envs', argv, { ...COMMON_OPTIONS, format: { type: 'string', default: 'table' } }, false);
  if (values.help) {
    out.data(ENVS_HELP + '\n');
    return EXIT.ok;
  }
  const envs = PLATFORM_PROFILES.map(summarizeEnvironment);
  if (values.format === 'json') {
    out.data(JSON.stringify(envs, null, 2) + '\n');
  } else if (values.format === 'table') {
    const rows = envs.map((e) => [e.name, e.platform, e.domain, e.replicas, e.database]);
    out.info(formatTable(rows, { header: ['ENVIRONMENT', 'PLATFORM', 'DOMAIN', 'REPLICAS', 'DATABASE'] }).join('\n'));
  } else {
    throw new UsageError(`envs: unknown format "${values.format}"; formats: table, json`);
  }
  return EXIT.ok;
}
