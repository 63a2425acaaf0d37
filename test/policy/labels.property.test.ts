import fc from 'fast-check';
import { checkObjects, labelKeyProblem, labelValueProblem } from '../../src/policy';
import { namespace, STAGING } from './fixtures';

const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
const middle = fc.constantFrom(...'abcXYZ019-_.'.split(''));
const lowerAlnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));

/** A valid name part / value: alphanumeric ends, [-_.] allowed inside, at most 63 characters. */
const validName = fc
  .tuple(alnum, fc.array(middle, { maxLength: 61 }), alnum)
  .map(([a, mid, b]) => a + mid.join('') + b)
  .filter((s) => s.length <= 63);
const dnsLabel = fc.tuple(lowerAlnum, fc.array(fc.constantFrom(...'abc019-'.split('')), { maxLength: 10 }), lowerAlnum).map(([a, m, b]) => a + m.join('') + b);
const validPrefix = fc.array(dnsLabel, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));

describe('label syntax (property-based)', () => {
  test('generated valid keys and values are accepted', () => {
    fc.assert(
      fc.property(fc.option(validPrefix, { nil: undefined }), validName, fc.oneof(validName, fc.constant('')), (prefix, name, value) => {
        expect(labelKeyProblem(prefix === undefined ? name : `${prefix}/${name}`)).toBeUndefined();
        expect(labelValueProblem(value)).toBeUndefined();
      }),
    );
  });

  test('an underscore or upper-case letter anywhere in the prefix is rejected', () => {
    fc.assert(
      fc.property(validPrefix, fc.constantFrom('_', 'A'), fc.nat(), validName, (prefix, bad, at, name) => {
        const i = at % (prefix.length + 1);
        expect(labelKeyProblem(`${prefix.slice(0, i)}${bad}${prefix.slice(i)}/${name}`)).toMatch(/prefix/);
      }),
    );
  });

  test('values that are too long, or start/end with a non-alphanumeric, are rejected', () => {
    fc.assert(
      fc.property(validName, fc.constantFrom('-', '_', '.', ' ', '/'), fc.boolean(), (value, bad, atStart) => {
        expect(labelValueProblem(atStart ? bad + value : value + bad)).toBeDefined();
      }),
    );
    fc.assert(fc.property(fc.string({ minLength: 64, maxLength: 100 }), (v) => expect(labelValueProblem(v)).toBeDefined()));
  });

  test('the rule agrees with the functions for any label map', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 4 }), (labels) => {
        const ns = namespace('shop');
        (ns.metadata as { labels: Record<string, string> }).labels = { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted' };
        const bad = Object.entries(labels).filter(([k, v]) => labelKeyProblem(k) !== undefined || labelValueProblem(v) !== undefined).length;
        const findings = checkObjects([{ manifest: ns }], STAGING).findings.filter((f) => f.ruleId === 'valid-labels');
        expect(findings.length >= bad && findings.length <= 2 * bad).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
