import { ShipyardError } from '../errors';
import type { Environment } from '../profiles/environment';
import { INFRA_OUTPUTS } from './shop-cloud-stack';

/** One output of `terraform output -json` that disagrees with `environment.cloudNames()`. */
export interface OutputMismatch {
  /** Output id, e.g. `instance_connection_name`. */
  readonly output: string;
  /** What the manifests use (from `cloudNames`). */
  readonly expected: string;
  /** What Terraform reported, or `undefined` when the output is missing or not a string. */
  readonly actual: string | undefined;
}

/** Result of {@link checkTerraformOutputs}. */
export interface OutputCheck {
  /** True when every output matches. */
  readonly ok: boolean;
  /** The outputs that do not match. */
  readonly mismatches: readonly OutputMismatch[];
}

/**
 * Compares the document `terraform output -json` prints for an environment's stack with the names
 * the manifests were synthesized with. Catches drift such as a renamed instance or a
 * `database.instanceConnectionName` override that points elsewhere.
 *
 * @param outputs - the JSON text, or the parsed document (`{ name: { value, type, sensitive } }`)
 */
export function checkTerraformOutputs(environment: Environment, outputs: string | Readonly<Record<string, unknown>>): OutputCheck {
  const profile = environment.profile;
  const names = environment.cloudNames();
  if (!names) throw new ShipyardError(`environment "${profile.name}": has no gcp block, so there are no Terraform outputs to check`);
  let doc: unknown = outputs;
  if (typeof outputs === 'string') {
    try {
      doc = JSON.parse(outputs);
    } catch (e) {
      throw new ShipyardError(`environment "${profile.name}": terraform output is not JSON (${(e as Error).message})`);
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ShipyardError(`environment "${profile.name}": terraform output must be an object of outputs`);
  }
  const record = doc as Record<string, unknown>;
  const expected: Record<string, string> = {
    [INFRA_OUTPUTS.instanceConnectionName]: names.instanceConnectionName,
    [INFRA_OUTPUTS.gsaEmail]: names.serviceAccountEmail,
    [INFRA_OUTPUTS.clusterName]: names.clusterName,
  };
  const mismatches: OutputMismatch[] = [];
  for (const [output, want] of Object.entries(expected)) {
    const entry = record[output];
    const value = entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
    const actual = typeof value === 'string' ? value : undefined;
    if (actual !== want) mismatches.push({ output, expected: want, actual });
  }
  return { ok: mismatches.length === 0, mismatches };
}
