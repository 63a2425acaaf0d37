import { SecretReference } from '../../src/constructs/secret-reference';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { named } from '../support/render';

describe('SecretReference with minimal props', () => {
  test('on a laptop (inline-dev): a Secret with throw-away values for each key, named after the construct', () => {
    const chart = testChart();
    const ref = new SecretReference(chart, 'session', { keys: ['secret-key'] });
    const secret = named(objectsOf(chart), 'Secret', 'session')!;
    expect(secret.type).toBe('Opaque');
    expect(Object.keys(secret.stringData ?? secret.data)).toEqual(['secret-key']);
    expect(secret.metadata.labels['app.kubernetes.io/component']).toBe('secret');
    expect(ref.secretName).toBe('session');
    expect(ref.keyRef('secret-key')).toEqual({ name: 'session', key: 'secret-key' });
  });

  test('elsewhere (external-secrets): an ExternalSecret from the profile\'s store that owns the Secret, one entry per key', () => {
    const chart = testChart(BUILTIN_PROFILES.gke);
    new SecretReference(chart, 'session', { keys: ['secret-key'] });
    const objects = objectsOf(chart);
    expect(named(objects, 'Secret', 'session')).toBeUndefined();
    const es = named(objects, 'ExternalSecret', 'session')!;
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec.secretStoreRef).toEqual({ kind: BUILTIN_PROFILES.gke.secrets.store!.kind, name: BUILTIN_PROFILES.gke.secrets.store!.name });
    expect(es.spec.target).toEqual({ name: 'session', creationPolicy: 'Owner' });
    expect(es.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['secret-key']);
  });
});

describe('SecretReference with all props', () => {
  const chart = testChart(BUILTIN_PROFILES.staging);
  const ref = new SecretReference(chart, 'tls', { name: 'shop-tls', keys: ['tls.crt', 'tls.key'], remoteKeyPrefix: 'edge-certificate' });
  const es = named(objectsOf(chart), 'ExternalSecret', 'shop-tls')!;

  test('the Secret name and every key; the remote entries carry the prefix', () => {
    expect(ref.secretName).toBe('shop-tls');
    expect(ref.keys).toEqual(['tls.crt', 'tls.key']);
    expect(es.spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['tls.crt', 'tls.key']);
    for (const d of es.spec.data) expect(JSON.stringify(d.remoteRef)).toContain('edge-certificate');
  });
});

describe('SecretReference validation', () => {
  test('a Secret without keys fails validation', () => {
    const chart = testChart();
    new SecretReference(chart, 'empty', { keys: [] });
    expect(validationErrors(chart)).toEqual(['secret "empty": keys must name at least one key']);
  });

  test('a reference to a key it does not hold throws, naming the construct and the keys', () => {
    const ref = new SecretReference(testChart(), 'mail', { keys: ['smtp-password', 'smtp-user'] });
    expect(() => ref.keyRef('smtp-host')).toThrow('minikube/mail: secret "mail" has no key "smtp-host" (keys: smtp-password, smtp-user)');
  });
});
