import { adminClientAddress, INTERNET_CLIENT } from '../../src/boot/cluster';
import { parseAddressRange, rangeContains } from '../../src/profiles/ip-ranges';
import { BUILTIN_PROFILES } from '../../src/profiles';

describe('the clients the boot e2e checks send from', () => {
  test('the admin client is the first host of the first range a pod can answer (not loopback, not IPv6)', () => {
    expect(adminClientAddress(['203.0.113.0/29'])).toBe('203.0.113.1');
    expect(adminClientAddress(['127.0.0.0/8', '192.168.49.0/24'])).toBe('192.168.49.1');
    expect(adminClientAddress(['fd00::/64', '10.8.0.7'])).toBe('10.8.0.7');
    expect(adminClientAddress(['10.8.0.7/32'])).toBe('10.8.0.7');
    expect(adminClientAddress(['127.0.0.1', 'fd00::/64'])).toBeUndefined();
    expect(adminClientAddress([])).toBeUndefined();
  });

  test.each(Object.keys(BUILTIN_PROFILES) as (keyof typeof BUILTIN_PROFILES)[])(
    '%s: the admin client is inside the admin ranges and the internet client outside all of them',
    (name) => {
      const sources = BUILTIN_PROFILES[name].network?.adminSources ?? [];
      const ranges = sources.map((s) => parseAddressRange(s.includes('/') ? s : `${s}/32`));
      const admin = adminClientAddress(sources);
      expect(admin).toBeDefined();
      expect(ranges.some((r) => rangeContains(r, admin!))).toBe(true);
      expect(ranges.some((r) => rangeContains(r, INTERNET_CLIENT))).toBe(false);
    },
  );
});
