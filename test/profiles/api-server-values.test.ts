import { ProfileValidationError } from '../../src/errors';
import { BAREMETAL, GKE, STAGING } from '../../src/profiles/builtin-profiles';
import { Environment, EnvironmentProfile } from '../../src/profiles';

/** The issues of a rejected profile, as `field: message` lines. */
function issuesOf(profile: unknown): string[] {
  try {
    new Environment(profile as EnvironmentProfile, { project: 'shop' });
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileValidationError);
    return (e as ProfileValidationError).issues.map((i) => `${i.field}: ${i.message}`);
  }
  throw new Error('expected the profile to be rejected');
}

describe('profile values the API server (or the program reading them) would refuse', () => {
  test('replicas above int32', () => {
    expect(issuesOf({ ...GKE, services: { web: { replicas: 3_000_000_000 } } })).toEqual([
      'services.web.replicas: must be an integer from 0 to 2147483647 (int32, as the API server takes it)',
    ]);
    expect(issuesOf({ ...GKE, autoscaling: { ...GKE.autoscaling, maxReplicas: 2 ** 31 } })).toEqual([
      'autoscaling.maxReplicas: must be an integer from 1 to 2147483647 (int32, as the API server takes it)',
    ]);
  });

  test('a domain label over 63 characters', () => {
    expect(issuesOf({ ...STAGING, domain: `${'a'.repeat(64)}.example.com` })).toEqual([
      `domain: "${'a'.repeat(64)}.example.com" is not a fully qualified lower-case domain name (dot-separated labels of at most 63 characters)`,
    ]);
  });

  test('a zero-size database volume, and a provisioner name the API server refuses', () => {
    expect(issuesOf({ ...BAREMETAL, database: { ...BAREMETAL.database, storageSize: '0Gi' } })).toEqual([
      'database.storageSize: "0Gi" requests no storage; the API server refuses a zero-size volume claim',
    ]);
    expect(issuesOf({ ...STAGING, storage: { ...STAGING.storage, fast: { ...STAGING.storage.fast, provisioner: 'Bad_Prov!' } } })).toEqual([
      expect.stringMatching(/^storage\.fast\.provisioner: "Bad_Prov!" is not a provisioner name like kubernetes\.io\/gce-pd: /),
    ]);
  });

  test('a floating IP listed twice', () => {
    const lb = BAREMETAL.loadBalancer!;
    expect(issuesOf({ ...BAREMETAL, loadBalancer: { ...lb, addresses: ['192.168.50.241', '192.168.50.242', '192.168.50.241'] } })).toEqual([
      'loadBalancer.addresses[2]: 192.168.50.241 is listed twice (also loadBalancer.addresses[0]); each floating IP goes to one Service',
    ]);
  });

  test('refreshInterval is a Go duration', () => {
    for (const ok of ['1h', '15m', '1h30m', '0', '90s', '1.5h']) expect(new Environment({ ...STAGING, secrets: { ...STAGING.secrets, refreshInterval: ok } }, { project: 'shop' }).name).toBe('staging');
    for (const bad of ['banana', '1d', '-1h', '1 h', '']) {
      expect(issuesOf({ ...STAGING, secrets: { ...STAGING.secrets, refreshInterval: bad } })).toEqual([
        `secrets.refreshInterval: "${bad}" is not a Go duration like 1h, 15m or 1h30m (External Secrets parses it with time.ParseDuration)`,
      ]);
    }
  });

  test('placement.nodeGroups=[] does not silently turn the capacity check off', () => {
    expect(issuesOf({ ...GKE, placement: { ...GKE.placement, nodeGroups: [] } })).toEqual([
      'placement.nodeGroups: is empty, which would silently turn the capacity check off; list the node groups, or leave the field out to skip the check',
    ]);
  });

  test('non-finite numbers and node sizes that make capacity arithmetic meaningless', () => {
    const group = GKE.placement!.nodeGroups![0];
    expect(issuesOf({ ...GKE, placement: { ...GKE.placement, nodeGroups: [{ ...group, allocatableCpuMillis: Infinity }] } })).toEqual([
      'placement.nodeGroups[0].allocatableCpuMillis: Infinity is not a finite number',
    ]);
    expect(issuesOf({ ...GKE, placement: { ...GKE.placement, nodeGroups: [{ ...group, allocatableMemoryMiB: 1e-300 }] } })).toEqual([
      'placement.nodeGroups[0].allocatableMemoryMiB: must be at least 1 (MiB)',
    ]);
  });

  test('node labels and annotation keys the API server would refuse name their profile field', () => {
    expect(issuesOf({ ...BAREMETAL, placement: { ...BAREMETAL.placement, roles: { ...BAREMETAL.placement!.roles, app: { 'node-role.shop/app': 'yes please' } } } })).toEqual([
      expect.stringMatching(/^placement\.roles\.app\.node-role\.shop\/app: "node-role\.shop\/app": "yes please" is not a node label the API server accepts: a label value must consist of/),
    ]);
    expect(issuesOf({ ...GKE, exposure: { ...GKE.exposure, annotations: { 'cloud.google.com/neg': '{}', 'bad key': 'x' } } })).toEqual([
      expect.stringMatching(/^exposure\.annotations\.bad key: is not an annotation key the API server accepts: the name part must consist of/),
    ]);
  });

  test('prototype keys in profile data are refused, whatever their depth, and nothing is polluted', () => {
    const data = JSON.parse(`{"services": {"__proto__": {"replicas": 1}}, "database": {"constructor": {"prototype": {"x": 1}}}}`);
    const profile = { ...STAGING, services: data.services, database: { ...STAGING.database, ...data.database } };
    expect(issuesOf(profile).sort()).toEqual([
      'database.constructor: "constructor" is not allowed as a key (it would reach Object.prototype)',
      'services.__proto__: "__proto__" is not allowed as a key (it would reach Object.prototype)',
    ]);
    expect(({} as Record<string, unknown>).replicas).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
