import { IConstruct } from 'constructs';
import { ShipyardError } from '../../errors';
import { Environment } from '../../profiles/environment';

/**
 * The error for a construct prop that cannot work: names the environment, the construct path and
 * the field. Constructs throw it from their constructor, before creating any object.
 * `scope` and `id` are the constructor's arguments (the construct itself may not exist yet).
 */
export function propError(scope: IConstruct, id: string, field: string, message: string): ShipyardError {
  return new ShipyardError(`environment "${Environment.of(scope).name}": ${scope.node.path}/${id}: ${field}: ${message}`);
}

/** Text that goes inside a double-quoted string of a config file: no quotes, backslashes or control characters. */
export function isPlainConfigString(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
  return text.length > 0 && !/["\\\x00-\x1f\x7f]/.test(text);
}

/** Why `text` cannot be a URL path written into a config file (`/healthz`), or `undefined`. */
export function urlPathProblem(text: string): string | undefined {
  return /^\/[A-Za-z0-9._~/-]*$/.test(text) ? undefined : `"${text}" must be a path of letters, digits and ._~/- starting with /`;
}

/** Why `text` cannot be an absolute file-system path written into a config file, or `undefined`. */
export function absolutePathProblem(text: string): string | undefined {
  return /^\/[A-Za-z0-9._/-]*$/.test(text) ? undefined : `"${text}" must be an absolute path of letters, digits and ._/-`;
}

/** Why `port` cannot be a listening port of a container without capabilities, or `undefined`. */
export function unprivilegedPortProblem(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1024 && port <= 65535 ? undefined : `${port} must be an unprivileged port (1024-65535): the container runs without capabilities`;
}

/** Why `value` is not a whole number of at least `min`, or `undefined`. */
export function wholeNumberProblem(value: number, min: number): string | undefined {
  return Number.isInteger(value) && value >= min ? undefined : `${value} must be a whole number, ${min} or more`;
}
