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
