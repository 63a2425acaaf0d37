import { shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { ConstructValidationError, synthesizeEnvironment } from '../../src/synth/synthesize-environment';
import { Obj, ofKind, render, shopEnvironment } from '../support/render';

const haproxyCfg = (objs: Obj[]): string => ofKind(objs, 'ConfigMap').find((c) => c.data?.['haproxy.cfg'])!.data['haproxy.cfg'];

describe.each(Object.keys(BUILTIN_PROFILES) as (keyof typeof BUILTIN_PROFILES)[])('%s: the ops and admin hosts answer the profile\'s admin sources only', (name) => {
  const profile = BUILTIN_PROFILES[name];
  const cfg = haproxyCfg(render(profile));

  test.each(['ops', 'admin'])('%s host', (host) => {
    const acl = new RegExp(`acl (\\S+) .* -m str ${host}\\.${profile.domain.replace(/\./g, '\\.')}`).exec(cfg);
    expect(acl).not.toBeNull();
    expect(cfg).toContain(`http-request deny deny_status 403 if ${acl![1]} !{ src ${profile.network!.adminSources!.join(' ')} }`);
  });

  test('the shop itself stays public', () => {
    expect(profile.network!.adminSources!.length).toBeGreaterThan(0);
    expect(cfg.match(/http-request deny deny_status 403/g)).toHaveLength(2);
  });
});

test('an environment without admin sources fails synth rather than serving ops and admin to everyone', () => {
  const profile: EnvironmentProfile = { ...BUILTIN_PROFILES.gke, network: { ...BUILTIN_PROFILES.gke.network, adminSources: [] } };
  const run = () => synthesizeEnvironment(shopEnvironment(profile), shopPlatform);
  expect(run).toThrow(ConstructValidationError);
  expect(run).toThrow(/environment "gke" declares no network\.adminSources: the ops and admin hosts would answer the whole internet/);
});

test('an admin source of the whole internet is a profile error', () => {
  expect(() => shopEnvironment({ ...BUILTIN_PROFILES.gke, network: { adminSources: ['0.0.0.0/0'] } })).toThrow(/network\.adminSources\[0\]: "0\.0\.0\.0\/0" is the whole internet/);
});
