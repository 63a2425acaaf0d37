import { ProfileIssue, ProfileValidationError } from '../../src/errors';
import { BUILTIN_PROFILES } from '../../src/profiles/builtin-profiles';
import { Environment } from '../../src/profiles/environment';
import { AddressPoolProfile, EnvironmentProfile, LoadBalancerProfile } from '../../src/profiles/environment-profile';

/**
 * The address checks of the existing profile validator (validate-profile.ts, ip-ranges.ts), as a
 * MetalLB site sees them: every error names the field, e.g. `loadBalancer.pools[0].addresses[0]`.
 */

const BAREMETAL = BUILTIN_PROFILES.baremetal;

function withLoadBalancer(loadBalancer: LoadBalancerProfile): EnvironmentProfile {
  return { ...BAREMETAL, loadBalancer };
}

function withPools(...pools: AddressPoolProfile[]): EnvironmentProfile {
  return withLoadBalancer({ pools });
}

/** The issues `new Environment(profile, { project: 'shop' })` reports; `[]` when it accepts the profile. */
function issuesOf(profile: EnvironmentProfile): readonly ProfileIssue[] {
  try {
    new Environment(profile, { project: 'shop' });
    return [];
  } catch (e) {
    if (e instanceof ProfileValidationError) return e.issues;
    throw e;
  }
}

describe('load balancer address validation', () => {
  test('the built-in bare-metal profile is valid', () => {
    expect(issuesOf(BAREMETAL)).toEqual([]);
  });

  test('a malformed address names the field', () => {
    expect(issuesOf(withPools({ name: 'public', addresses: ['192.168.50.300/29'] }))).toEqual([
      { field: 'loadBalancer.pools[0].addresses[0]', message: expect.stringContaining('not a valid CIDR') },
    ]);
    expect(issuesOf(withPools({ name: 'public', addresses: ['192.168.50.240/29', 'edgevip'] }))).toEqual([
      { field: 'loadBalancer.pools[0].addresses[1]', message: expect.stringContaining('"edgevip" is neither a CIDR nor a range') },
    ]);
  });

  test('an overlapping pool names the field and the one it overlaps', () => {
    const issues = issuesOf(
      withPools({ name: 'public', addresses: ['192.168.50.240/29'] }, { name: 'internal', addresses: ['192.168.50.246-192.168.50.250'] }),
    );
    expect(issues).toEqual([
      { field: 'loadBalancer.pools[1].addresses[0]', message: expect.stringContaining('overlaps loadBalancer.pools[0].addresses[0]') },
    ]);
  });

  test('an empty pool names the field', () => {
    expect(issuesOf(withPools({ name: 'public', addresses: [] }))).toEqual([
      { field: 'loadBalancer.pools[0].addresses', message: expect.stringContaining('empty') },
    ]);
  });

  test('no pools at all names the field', () => {
    expect(issuesOf(withLoadBalancer({ pools: [] })).map((i) => i.field)).toContain('loadBalancer.pools');
  });

  test('an IPv6 CIDR is accepted, beside IPv4', () => {
    expect(issuesOf(withPools({ name: 'public', addresses: ['fd00:50::/120'] }))).toEqual([]);
    expect(issuesOf(withPools({ name: 'public', addresses: ['192.168.50.240/29', 'fd00:50::/120'] }))).toEqual([]);
  });

  test('a range a.b.c.d-e.f.g.h is accepted', () => {
    expect(issuesOf(withPools({ name: 'public', addresses: ['192.168.50.240-192.168.50.247'] }))).toEqual([]);
  });

  test('a reversed range is rejected', () => {
    expect(issuesOf(withPools({ name: 'public', addresses: ['192.168.50.247-192.168.50.240'] }))).toEqual([
      { field: 'loadBalancer.pools[0].addresses[0]', message: expect.stringContaining('ends before it starts') },
    ]);
  });

  test('a CIDR with host bits set is rejected (IPv4 and IPv6)', () => {
    expect(issuesOf(withPools({ name: 'public', addresses: ['192.168.50.241/29'] }))).toEqual([
      { field: 'loadBalancer.pools[0].addresses[0]', message: expect.stringContaining('host bits set') },
    ]);
    expect(issuesOf(withPools({ name: 'public', addresses: ['fd00:50::1/120'] }))).toEqual([
      { field: 'loadBalancer.pools[0].addresses[0]', message: expect.stringContaining('host bits set') },
    ]);
  });

  test('a floating IP outside the pool names the field', () => {
    expect(issuesOf(withLoadBalancer({ pools: [{ name: 'public', addresses: ['192.168.50.240/29'] }], addresses: ['192.168.50.250'] }))).toEqual([
      { field: 'loadBalancer.addresses[0]', message: expect.stringContaining('not in pool "public"') },
    ]);
  });

  test('the error names the environment and every field in its message', () => {
    const profile = { ...withPools({ name: 'public', addresses: ['192.168.50.247-192.168.50.240', '10.0.0.1/8'] }), name: 'site-b' };
    let error: unknown;
    try {
      new Environment(profile, { project: 'shop' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProfileValidationError);
    const err = error as ProfileValidationError;
    expect(err.environment).toBe('site-b');
    expect(err.issues.map((i) => i.field)).toEqual(['loadBalancer.pools[0].addresses[0]', 'loadBalancer.pools[0].addresses[1]']);
    expect(err.message).toContain('environment "site-b"');
    expect(err.message).toContain('loadBalancer.pools[0].addresses[1]');
  });
});
