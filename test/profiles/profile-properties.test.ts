import fc from 'fast-check';
import { ProfileValidationError, ShipyardError } from '../../src/errors';
import { shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { renderEnvironment } from '../../src/synth/synth';
import { shopEnvironment } from '../support/render';

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
const domain = fc.tuple(label, label, fc.constantFrom('com', 'local', 'test', 'io')).map((parts) => parts.join('.'));
const registry = fc.tuple(label, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.array(label, { maxLength: 2 }))
  .map(([host, port, path]) => [`${host}.example${port ? `:${port}` : ''}`, ...path].join('/'));
const base = fc.constantFrom(...Object.values(BUILTIN_PROFILES));

/** Valid profiles: a built-in with random registry, domain, namespace, replica ranges and overrides. */
const validProfile: fc.Arbitrary<EnvironmentProfile> = fc
  .record({
    base,
    name: label,
    namespace: label,
    registry,
    domain,
    min: fc.integer({ min: 1, max: 3 }),
    extra: fc.integer({ min: 0, max: 3 }),
    enabled: fc.boolean(),
    checkoutReplicas: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    tag: fc.option(fc.stringMatching(/^[0-9]\.[0-9]{1,2}\.[0-9]{1,2}$/), { nil: undefined }),
  })
  .map(({ base: b, name, namespace, registry: r, domain: d, min, extra, enabled, checkoutReplicas, tag }) => ({
    ...b,
    name,
    namespace,
    registry: r,
    domain: d,
    autoscaling: { enabled, minReplicas: min, maxReplicas: min + extra },
    services: { checkout: { replicas: checkoutReplicas, tag } },
    // A generated tag is in no image lock: such a profile runs tags (digest pinning: test/images/).
    ...(tag ? { images: { pinDigests: false } } : {}),
  }));

describe('property: profiles', () => {
  test('every valid profile synthesizes manifests that pass schema and policy', () => {
    fc.assert(
      fc.property(validProfile, (profile) => {
        const out = renderEnvironment(shopEnvironment(profile), shopPlatform);
        expect(out.objectCount).toBeGreaterThan(50);
        expect(out.manifests.every((m) => (m.metadata?.namespace ?? profile.namespace) === profile.namespace || m.metadata?.namespace === 'metallb-system')).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  /** One field broken in a way the type allows but an environment cannot have. */
  const breakage = fc.constantFrom<[string, (p: EnvironmentProfile) => unknown]>(
    ['registry', (p) => ({ ...p, registry: '' })],
    ['registry', (p) => ({ ...p, registry: 'HTTP://Registry/' })],
    ['domain', (p) => ({ ...p, domain: 'no_dots' })],
    ['autoscaling.minReplicas', (p) => ({ ...p, autoscaling: { enabled: true, minReplicas: 9, maxReplicas: 2 } })],
    ['autoscaling.maxReplicas', (p) => ({ ...p, autoscaling: { enabled: true, minReplicas: 1, maxReplicas: -1 } })],
    ['name', (p) => ({ ...p, name: 'Not A Label' })],
    ['storage.bulk.name', (p) => ({ ...p, storage: { ...p.storage, bulk: { ...p.storage.bulk, name: p.storage.fast.name } } })],
    ['services.checkout.tag', (p) => ({ ...p, services: { checkout: { tag: 'has space' } } })],
    ['database.port', (p) => ({ ...p, database: { ...p.database, port: 70000 } })],
    ['platform', (p) => ({ ...p, platform: 'openshift' })],
  );

  test('every invalid profile gives a clear error naming the environment and the field, never a crash', () => {
    fc.assert(
      fc.property(validProfile, breakage, (profile, [field, breakIt]) => {
        let error: unknown;
        try {
          renderEnvironment(shopEnvironment(breakIt(profile) as EnvironmentProfile), shopPlatform);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ShipyardError);
        expect(error).toBeInstanceOf(ProfileValidationError);
        const e = error as ProfileValidationError;
        expect(e.issues.map((i) => i.field)).toContain(field);
        expect(e.message).toMatch(/^environment "/);
      }),
      { numRuns: 60 },
    );
  });
});
