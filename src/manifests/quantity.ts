import { ShipyardError } from '../errors';

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const BINARY_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** `<sign><digits>[.<digits>]` then a binary suffix, a decimal suffix or a decimal exponent. */
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/**
 * Parses a Kubernetes resource quantity (`100m`, `1`, `0.5`, `128Mi`, `1Gi`, `512M`, `1e3`) into its
 * value in base units (cores for CPU, bytes for memory). A JSON number is taken as is.
 * Throws a `ShipyardError` for text that the API server would reject.
 *
 * @example parseQuantity('250m') // 0.25
 * @example parseQuantity('1Gi')  // 1073741824
 */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') {
    if (!Number.isFinite(quantity)) throw new ShipyardError(`${quantity} is not a Kubernetes quantity`);
    return quantity;
  }
  const match = QUANTITY.exec(quantity.trim());
  if (!match || quantity.trim() !== quantity) {
    throw new ShipyardError(`"${quantity}" is not a Kubernetes quantity (like 100m, 0.5, 128Mi, 1Gi, 512M)`);
  }
  const value = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix in BINARY_SUFFIX) return value * BINARY_SUFFIX[suffix];
  if (suffix in DECIMAL_SUFFIX) return value * DECIMAL_SUFFIX[suffix];
  return value * 10 ** Number(suffix.slice(1)); // exponent form
}

/**
 * A CPU quantity in millicores, rounded up to a whole millicore as the API server does
 * (`100m` → 100, `1` → 1000, `0.5` → 500). Negative values are rejected.
 */
export function parseCpuMillis(quantity: string | number): number {
  const cores = parseQuantity(quantity);
  if (cores < 0) throw new ShipyardError(`CPU quantity "${quantity}" is negative`);
  // Round away float noise (0.1 * 1000 = 100.00000000000001) before rounding up.
  return Math.ceil(Number((cores * 1000).toPrecision(12)));
}

/** A memory quantity in bytes, rounded up to a whole byte (`128Mi` → 134217728, `512M` → 512000000). */
export function parseMemoryBytes(quantity: string | number): number {
  const bytes = parseQuantity(quantity);
  if (bytes < 0) throw new ShipyardError(`memory quantity "${quantity}" is negative`);
  return Math.ceil(Number(bytes.toPrecision(15)));
}
