/**
 * The failures of a run as text: a user's error (policy findings, profile, construct validation) as
 * its message; a programming error in the project (a ReferenceError, a TypeError) once for every
 * environment it broke, with the project file and line it came from.
 */
import { ShipyardError } from '../../errors';
import { projectFrame } from '../project/load-project';

/** One environment's failure. */
export interface Failure {
  readonly environment: string;
  readonly error: Error;
}

export function formatFailures(failures: readonly Failure[], root: string): string {
  const texts: string[] = [];
  const bugs = new Map<string, string[]>();
  for (const f of failures) {
    if (f.error instanceof ShipyardError) {
      texts.push(f.error.message);
      continue;
    }
    const at = projectFrame(f.error, root);
    const text = `${f.error.name}: ${f.error.message}${at ? `\n    at ${at}` : ''}`;
    if (!bugs.has(text)) texts.push(text);
    bugs.set(text, [...(bugs.get(text) ?? []), f.environment]);
  }
  return texts.map((text) => (bugs.has(text) ? `environment${bugs.get(text)!.length > 1 ? 's' : ''} ${bugs.get(text)!.join(', ')}: ${text}` : text)).join('\n\n');
}
