import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { EnvironmentChart } from '../constructs/environment-chart/environment-chart';
import { ShipyardError } from '../errors';
import { Environment } from '../profiles/environment';
import { CheckedObject, waiversFor } from '../policy';
import { Manifest } from './manifest-files';

/** Adds a platform's constructs to an environment's chart. */
export type PlatformFactory = (chart: EnvironmentChart) => void;

/** A construct's own validation failed (`node.addValidation`). */
export interface ConstructProblem {
  /** Construct path (`node.path`). */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/** Constructs of an environment reported validation errors. */
export class ConstructValidationError extends ShipyardError {
  constructor(
    /** Environment name. */
    public readonly environment: string,
    /** Every problem. */
    public readonly problems: readonly ConstructProblem[],
  ) {
    super(`environment "${environment}": ${problems.length} construct validation error(s)\n` + problems.map((p) => `  - [${p.path}] ${p.message}`).join('\n'));
  }
}

/** One environment, synthesized in memory: nothing is written. */
export interface SynthesizedEnvironment {
  /** The environment. */
  readonly environment: Environment;
  /** Every object, with the path of the construct that made it and its waivers. */
  readonly objects: readonly CheckedObject[];
}

/**
 * Builds one environment's construct tree in its own App, runs every construct's validation, and
 * renders the objects. Throws `ConstructValidationError`. The environment was validated and resolved
 * when it was built (`new Environment(profile, { project })`); it is not checked again here.
 */
export function synthesizeEnvironment(environment: Environment, platform: PlatformFactory): SynthesizedEnvironment {
  const app = new App();
  const chart = new EnvironmentChart(app, environment.name, { environment });
  platform(chart);

  const all = chart.node.findAll();
  const problems: ConstructProblem[] = [];
  for (const c of all) for (const message of c.node.validate()) problems.push({ path: c.node.path, message });
  if (problems.length) throw new ConstructValidationError(environment.name, problems);

  const objects: CheckedObject[] = all.filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => ({
    manifest: o.toJson() as Manifest,
    constructPath: ownerPath(o),
    waivers: waiversFor(o),
  }));
  return { environment, objects };
}

/** The construct a user wrote: the parent of the L1 object (`staging/shop/web`, not `.../web/Deployment`). */
function ownerPath(o: IConstruct): string {
  return (o.node.scope ?? o).node.path;
}
