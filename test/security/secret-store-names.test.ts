import { App } from 'cdk8s';
import { EnvironmentChart, SecretReference } from '../../src/constructs';
import { BUILTIN_PROFILES, EnvironmentProfile, SECRET_MANAGER_ID } from '../../src/profiles';
import { synthesizeEnvironment } from '../../src/synth/synthesize-environment';
import { ConstructValidationError } from '../../src/synth/synthesize-environment';
import { Obj, ofKind, render, shopEnvironment } from '../support/render';

const remoteRefs = (objs: Obj[]) => ofKind(objs, 'ExternalSecret').flatMap((es) => es.spec.data.map((d: Obj) => ({ secret: es.metadata.name, secretKey: d.secretKey, ...d.remoteRef })));

describe('every secret key the manifests ask a store for is a valid name in that store', () => {
  test.each(['staging', 'gke'] as const)('%s: Secret Manager ids (letters, digits, - and _; at most 255), one secret per key', (name) => {
    const refs = remoteRefs(render(BUILTIN_PROFILES[name]));
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      expect(ref.key).toMatch(SECRET_MANAGER_ID);
      expect(ref.property).toBeUndefined();
    }
    // The finding of issue 11: the TLS certificate's key has a dot.
    expect(refs.find((r) => r.secret === 'shop-tls')).toEqual({ secret: 'shop-tls', secretKey: 'shop.pem', key: 'shop-shop-tls-shop_pem' });
    expect(new Set(refs.map((r) => r.key)).size).toBe(refs.length);
  });

  test('baremetal: one Vault KV entry per Secret, each key a property (values arrive unwrapped)', () => {
    const refs = remoteRefs(render(BUILTIN_PROFILES.baremetal));
    for (const ref of refs) {
      expect(ref.key).toBe(`shop/${ref.secret}`);
      expect(ref.property).toBe(ref.secretKey);
    }
    expect(refs.find((r) => r.secret === 'shop-tls')).toEqual({ secret: 'shop-tls', secretKey: 'shop.pem', key: 'shop/shop-tls', property: 'shop.pem' });
  });

  function withSecret(profile: EnvironmentProfile, props: ConstructorParameters<typeof SecretReference>[2]) {
    return () =>
      synthesizeEnvironment(shopEnvironment(profile), (chart) => {
        new SecretReference(chart, 'x', props);
      });
  }

  test('a prefix Secret Manager refuses fails synth naming the environment, construct and key', () => {
    const run = withSecret(BUILTIN_PROFILES.gke, { name: 'x', keys: ['token'], remoteKeyPrefix: 'team/x' });
    expect(run).toThrow(ConstructValidationError);
    expect(run).toThrow(/environment "gke": 1 construct validation error\(s\)\n {2}- \[gke\/x\] secret "x" key "token": remoteRef "team\/x-token" is not a Secret Manager secret id .*\(environment "gke", secrets\.backend gcp-secret-manager; set remoteKeyPrefix\)/);
  });

  test('a Secret Manager id longer than 255 characters fails', () => {
    expect(withSecret(BUILTIN_PROFILES.gke, { name: 'x', keys: ['k'.repeat(260)] })).toThrow(/is not a Secret Manager secret id \(letters, digits, - and _; at most 255\)/);
  });

  test('two keys that would read the same Secret Manager secret fail', () => {
    expect(withSecret(BUILTIN_PROFILES.gke, { name: 'x', keys: ['a.b', 'a_b'] })).toThrow(/keys "a\.b" and "a_b" both read "shop-x-a_b" from the store \(environment "gke"\)/);
  });

  test('a Vault path with a ".." segment fails', () => {
    expect(withSecret(BUILTIN_PROFILES.baremetal, { name: 'x', keys: ['k'], remoteKeyPrefix: 'shop/../prod' })).toThrow(/"shop\/\.\.\/prod" is not a Vault KV path/);
  });

  test('external secrets need a backend, so the names can be checked', () => {
    const profile = { ...BUILTIN_PROFILES.baremetal, secrets: { mode: 'external-secrets' as const, store: { kind: 'ClusterSecretStore' as const, name: 'site-vault' } } };
    expect(() => new EnvironmentChart(new App(), 'b', { environment: shopEnvironment(profile) })).toThrow(/secrets\.backend: is required when secrets\.mode is "external-secrets"/);
  });
});
