import { ProfileValidationError, ShipyardError } from '../errors';

/** A mistake on the command line (unknown environment, bad --set, unknown option): exit code 2. */
export class UsageError extends ShipyardError {}

/** Exit codes of the CLI. */
export const EXIT = {
  /** Everything passed. */
  ok: 0,
  /** Validation failed: policy findings, construct errors, capacity, unreadable manifests. */
  failed: 1,
  /** The command line is wrong: unknown command, option or environment, bad --set, invalid profile. */
  usage: 2,
} as const;

/** True for node's `util.parseArgs` errors (unknown option, missing value, unexpected argument). */
export function isParseArgsError(error: unknown): error is Error & { code: string } {
  // Duck-typed: node's own errors come from another realm when the CLI runs inside a VM context (jest).
  const code = (error as { code?: unknown } | null)?.code;
  return typeof error === 'object' && error !== null && typeof (error as Error).message === 'string' && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** True for errors a user can act on: printed without a stack trace. */
export function isUserError(error: unknown): boolean {
  return error instanceof ShipyardError || isParseArgsError(error);
}

/** Exit code for an error: 2 for usage mistakes and invalid profiles, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError || error instanceof ProfileValidationError || isParseArgsError(error) ? EXIT.usage : EXIT.failed;
}
