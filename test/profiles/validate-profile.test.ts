import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ProfileValidationError } from '../../src/errors';
import { BUILTIN_PROFILES, Environment, EnvironmentProfile } from '../../src/profiles';

function issuesOf(profile: unknown): { field: string; message: string }[] {
  try {
    new Environment(profile as EnvironmentProfile, { project: 'shop' });
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileValidationError);
    return [...(e as ProfileValidationError).issues];
  }
  throw new Error('expected the profile to be rejected');
}

describe('environment profile validation', () => {
  test.each(Object.values(BUILTIN_PROFILES))('built-in profile $name is valid', (profile) => {
    expect(new Environment(profile, { project: 'shop' }).name).toBe(profile.name);
  });

  test('a GKE environment may run MySQL in the cluster; only a given instanceConnectionName needs Cloud SQL', () => {
    const inCluster = { ...BUILTIN_PROFILES.gke, database: { mode: 'in-cluster' as const } };
    expect(new Environment(inCluster, { project: 'shop' }).database().mode).toBe('in-cluster');
    expect(issuesOf({ ...inCluster, database: { mode: 'in-cluster', instanceConnectionName: 'a-b:europe-west1:c' } })).toContainEqual({
      field: 'database.instanceConnectionName',
      message: 'only applies when database.mode is "cloud-sql"',
    });
  });

  test('min replicas above max names the environment and the field', () => {
    const bad = { ...BUILTIN_PROFILES.gke, autoscaling: { enabled: true, minReplicas: 10, maxReplicas: 3 } };
    expect(() => new Environment(bad, { project: 'shop' })).toThrow(/environment "gke"[\s\S]*autoscaling\.minReplicas: 10 is greater than autoscaling\.maxReplicas \(3\)/);
  });

  test('empty registry', () => {
    expect(issuesOf({ ...BUILTIN_PROFILES.staging, registry: '' })).toContainEqual({ field: 'registry', message: 'must not be empty' });
  });

  test('registry with a scheme', () => {
    expect(issuesOf({ ...BUILTIN_PROFILES.staging, registry: 'https://registry.example.com/shop' }).map((i) => i.field)).toEqual(['registry']);
  });

  test.each(['shop', 'Shop.Example.com', 'shop..example.com', '-shop.example.com', 'shop_example.com'])('bad domain %s', (domain) => {
    expect(issuesOf({ ...BUILTIN_PROFILES.minikube, domain }).map((i) => i.field)).toEqual(['domain']);
  });

  test('unknown fields are rejected with their path', () => {
    expect(issuesOf({ ...BUILTIN_PROFILES.minikube, autoscaling: { ...BUILTIN_PROFILES.minikube.autoscaling, minReplica: 2 } })).toContainEqual({
      field: 'autoscaling.minReplica',
      message: 'unknown field',
    });
  });

  test('wrong type is rejected with its path', () => {
    expect(issuesOf({ ...BUILTIN_PROFILES.minikube, autoscaling: { ...BUILTIN_PROFILES.minikube.autoscaling, maxReplicas: 'three' } })[0].field).toBe(
      'autoscaling.maxReplicas',
    );
  });

  test('Cloud SQL needs the Google Cloud block', () => {
    const { gcp: _gcp, ...noGcp } = BUILTIN_PROFILES.staging;
    expect(issuesOf({ ...noGcp, platform: 'baremetal' }).map((i) => i.field)).toContain('gcp');
  });

  test('a malformed instance connection name', () => {
    const bad = { ...BUILTIN_PROFILES.staging, database: { mode: 'cloud-sql', instanceConnectionName: 'shop-staging' } };
    expect(issuesOf(bad).map((i) => i.field)).toEqual(['database.instanceConnectionName']);
  });

  test('an instance connection name on an in-cluster database', () => {
    const bad = { ...BUILTIN_PROFILES.minikube, database: { mode: 'in-cluster', instanceConnectionName: 'p:europe-west1:i' } };
    expect(issuesOf(bad)).toContainEqual({ field: 'database.instanceConnectionName', message: 'only applies when database.mode is "cloud-sql"' });
  });

  test('external secrets need a store', () => {
    expect(issuesOf({ ...BUILTIN_PROFILES.gke, secrets: { mode: 'external-secrets' } }).map((i) => i.field)).toEqual(['secrets.store', 'secrets.backend']);
  });

  test('the same storage class for both tiers', () => {
    const s = BUILTIN_PROFILES.minikube.storage;
    expect(issuesOf({ ...BUILTIN_PROFILES.minikube, storage: { fast: s.fast, bulk: { ...s.bulk, name: s.fast.name } } }).map((i) => i.field)).toEqual([
      'storage.bulk.name',
    ]);
  });

  test('every problem is reported, not just the first', () => {
    const issues = issuesOf({ ...BUILTIN_PROFILES.gke, registry: '', domain: 'nope', autoscaling: { enabled: true, minReplicas: 0, maxReplicas: 2 } });
    expect(issues.map((i) => i.field).sort()).toEqual(['autoscaling.minReplicas', 'domain', 'registry']);
  });

  test('a service override with a bad tag', () => {
    expect(issuesOf({ ...BUILTIN_PROFILES.gke, services: { web: { tag: 'v 1' } } }).map((i) => i.field)).toEqual(['services.web.tag']);
  });

  test('the committed JSON Schema matches the EnvironmentProfile type', () => {
    expect(() => execFileSync('node', [path.join(__dirname, '../../scripts/gen-profile-schema.js'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
