import fc from 'fast-check';
import { stringify } from 'yaml';
import { fastYaml } from '../../src/synth/fast-yaml';
import { PLATFORM_PROFILES, shopPlatform } from '../../src/platform';
import { synthesizeEnvironment } from '../../src/synth/synthesize-environment';
import { scalePlatform, scaleProfiles } from '../../bench/scale-platform';

// fastYaml must write exactly what yaml.stringify(value, { lineWidth: 0 }) writes, or decline (undefined).
const reference = (v: unknown) => stringify(v, { lineWidth: 0 });

function expectSame(value: Record<string, unknown>): void {
  const fast = fastYaml(value);
  if (fast !== undefined) expect(fast).toBe(reference(value));
}

describe('fastYaml', () => {
  test('every object of every environment, byte for byte, and none declined', () => {
    for (const profile of PLATFORM_PROFILES) {
      for (const o of synthesizeEnvironment(profile, shopPlatform).objects) {
        expect(fastYaml(o.manifest)).toBe(reference(o.manifest));
      }
    }
  });

  test('the scale platform objects', () => {
    const [minikube] = scaleProfiles(12);
    for (const o of synthesizeEnvironment(minikube, scalePlatform(12)).objects) expect(fastYaml(o.manifest)).toBe(reference(o.manifest));
  });

  test.each([
    ['strings that read as other types', { a: 'true', b: 'False', c: 'null', d: '~', e: '', f: '0o17', g: '0x1F', h: '12', i: '-3', j: '1.5', k: '.inf', l: '.NaN', m: '1e5', n: '+.5' }],
    ['indicators and quoting', { a: '- x', b: '-', c: '?', d: 'a: b', e: 'a #b', f: '#c', g: 'x:', h: ' lead', i: 'trail ', j: "it's", k: 'say "hi"', l: `both ' and "`, m: '@x', n: '`x', o: '%x', p: '*a', q: '&a', r: '!t', s: '|', t: '>', u: '[a]', v: '{a}', w: 'a,b', x: 'tab\tin', y: '\tlead', z: 'a\\b' }],
    ['document markers', { '---': 1, '...x': 2, '%YAML': 3, nested: { '---': 'a', '%x': '---', v: '...' } }],
    ['keys that need quotes', { 'a: b': 1, '': 2, 'true': 3, '12': 4, ' x': 5, '-': 6, "it's": 7, 'a"b': 8 }],
    ['multi-line strings', { a: 'x\ny', b: 'x\ny\n', c: 'x\ny\n\n', d: '\nx', e: '  x\ny', f: '\n\n', g: 'x\n\n\ny\n', h: 'x \ny', i: 'x\n y', j: '\n  x\n', k: 'x\n\n' }],
    ['collections', { a: [], b: {}, c: [[]], d: [{}], e: [[1, 2], [3]], f: [{ a: 1, b: [] }, { c: { d: {} } }], g: [null, true, false], h: { i: [{ j: ['x\ny'] }] } }],
    ['numbers', { a: 0, b: -1, c: 9007199254740991, d: 1.5, e: -0, f: 1e21, g: NaN, h: Infinity }],
    ['unicode', { a: 'héllo', b: '日本', c: '\u2028', d: 'emoji 😀', e: '\u00a0x', f: '\u0085' }],
  ])('%s', (_, value) => expectSame(value as Record<string, unknown>));

  test('declines what it does not reproduce', () => {
    const shared = { a: 1 };
    expect(fastYaml({ x: shared, y: shared })).toBeUndefined();
    expect(fastYaml({ d: new Date(0) })).toBeUndefined();
    expect(fastYaml({ a: [undefined] })).toBeUndefined();
    expect(fastYaml({ a: 'bell\u0007' })).toBeUndefined();
    expect(fastYaml({ a: 1.5 })).toBeUndefined();
    expect(fastYaml({ ['k'.repeat(1025)]: 1 })).toBeUndefined();
    expect(fastYaml({})).toBeUndefined();
  });

  test('random JSON values', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('true', 'null', '~', '1', '0x1', '1e3', '.5', '-', '- a', 'a: b', 'a #b', '#', ':', "'", '"', '---', '...', '%', ' ', '\n', 'a\n', '\n\n', ' \n', 'x\n  y', '\t'),
      fc.array(fc.constantFrom('a', ' ', '\n', ':', '#', '-', "'", '"', '1', '.', 'e', 'true', '\t', '%', '---'), { maxLength: 8 }).map((parts) => parts.join('')),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(text, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(fc.dictionary(text, json.value, { minKeys: 1, maxKeys: 6 }), (value) => {
        const fast = fastYaml(value);
        return fast === undefined || fast === reference(value);
      }),
      { numRuns: 3000 },
    );
  });
});
