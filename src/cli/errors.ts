import { ShipyardError } from '../errors';

/** A mistake on the command line (unknown environment, bad --set, unknown option): exit code 2. */
export class UsageError extends ShipyardError {}

/** Exit code for an error: 2 for usage mistakes, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? 2 : 1;
}
