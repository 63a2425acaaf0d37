import { createHash } from 'node:crypto';
import { canonicalJson, objectSha256 } from '../../src/release/release-manifest';

// objectSha256 writes sorted objects with JSON.stringify; canonicalJson is the definition it must agree with.
const reference = (o: object) => 'sha256:' + createHash('sha256').update(canonicalJson(o)).digest('hex');

describe('objectSha256', () => {
  const cases: [string, object][] = [
    ['keys sorted at every level (cdk8s toJson)', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { a: '1', b: '2' }, name: 'x' } }],
    ['keys added after toJson (annotations, data after metadata)', { metadata: { name: 'x', namespace: 'shop', annotations: { 'z/b': '1', 'a/c': '2' } }, data: { B: '1', A: '2' }, apiVersion: 'v1' }],
    ['arrays of unsorted objects', { spec: { containers: [{ name: 'a', image: 'i' }, { ports: [{ protocol: 'TCP', containerPort: 80 }], image: 'j' }] } }],
    ['integer-like keys, which objects list first whatever their order', { data: { '10': 'a', '9': 'b', x: 'c', '0755': 'd' } }],
    ['undefined values in objects', { b: undefined, a: 1, c: { y: undefined, x: null } }],
    ['numbers, booleans, null, empty containers, unicode keys', { 'é': 1.5, e: true, d: null, c: [], b: {}, a: -0, 'Z': 'ü' }],
    ['a class instance', { when: new Date(0), a: 1 }],
    ['undefined inside an array', { list: [1, undefined, 2] }],
  ];
  test.each(cases)('%s: same hash as the canonical JSON', (_name, o) => {
    expect(objectSha256(o)).toBe(reference(o));
  });

  test('the hash does not depend on the order keys were added in', () => {
    expect(objectSha256({ metadata: { name: 'a', labels: { y: '1', x: '2' } }, kind: 'K' })).toBe(
      objectSha256({ kind: 'K', metadata: { labels: { x: '2', y: '1' }, name: 'a' } }),
    );
  });

  test('the object is not changed', () => {
    const o = { b: { d: 1, c: 2 }, a: [{ f: 1, e: 2 }] };
    const before = JSON.stringify(o);
    objectSha256(o);
    expect(JSON.stringify(o)).toBe(before);
  });
});
