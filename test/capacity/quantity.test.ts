import { parseCpuMillis, parseMemoryBytes, parseQuantity } from '../../src/capacity';
import { ShipyardError } from '../../src/errors';

describe('Kubernetes quantities', () => {
  test.each([
    ['100m', 100],
    ['1', 1000],
    ['0.5', 500],
    ['.25', 250],
    ['2.', 2000],
    ['1500m', 1500],
    ['0.1', 100],
    ['0.0001', 1], // rounded up to a millicore, as the API server does
    ['1e3', 1_000_000],
    ['1k', 1_000_000],
    [2, 2000],
    [0.25, 250],
  ] as const)('cpu %p = %p millicores', (q, millis) => {
    expect(parseCpuMillis(q)).toBe(millis);
  });

  test.each([
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['512M', 512_000_000],
    ['1G', 1e9],
    ['64Ki', 65536],
    ['1k', 1000],
    ['1E3', 1000],
    ['2e6', 2_000_000],
    ['1Ti', 2 ** 40],
    ['123', 123],
    ['100m', 1], // a tenth of a byte, rounded up
    [1048576, 1048576],
  ] as const)('memory %p = %p bytes', (q, bytes) => {
    expect(parseMemoryBytes(q)).toBe(bytes);
  });

  test('plain values in base units', () => {
    expect(parseQuantity('250m')).toBeCloseTo(0.25);
    expect(parseQuantity('1Mi')).toBe(1048576);
    expect(parseQuantity('+1')).toBe(1);
  });

  test.each(['', 'abc', '1e3m', '1KB', '1K', '1mi', '1 Gi', ' 1Gi', '1Gi ', '1.2.3', 'Gi', '1e', '--1', '1g'])('rejects %p', (q) => {
    expect(() => parseQuantity(q)).toThrow(ShipyardError);
  });

  test('rejects negative requests', () => {
    expect(() => parseCpuMillis('-100m')).toThrow(/negative/);
    expect(() => parseMemoryBytes('-1Gi')).toThrow(/negative/);
  });
});
