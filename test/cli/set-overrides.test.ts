import { UsageError } from '../../src/cli/errors';
import { resolvePath, settablePaths } from '../../src/cli/overrides/profile-schema';
import { applyOverrides, checkServiceNames, parseSetArgument } from '../../src/cli/overrides/set-overrides';
import { closest, editDistance } from '../../src/cli/terminal/suggest';
import { BUILTIN_PROFILES } from '../../src/profiles/builtin-profiles';

const ENVS = ['minikube', 'staging', 'gke', 'baremetal'];
const set = (raw: string) => parseSetArgument(raw, ENVS);
const failure = (raw: string): string => {
  try {
    set(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`--set ${raw} was accepted`);
};

describe('settable paths from the schema', () => {
  const paths = settablePaths().map((p) => p.path);

  test.each([
    'registry',
    'domain',
    'database.host',
    'database.instanceConnectionName',
    'autoscaling.minReplicas',
    'autoscaling.maxReplicas',
    'loadBalancer.addresses',
    'services.<name>.replicas',
    'services.<name>.tag',
    'exposure.annotations.<key>',
    'placement.nodeGroups[N].maxNodes',
  ])('%s is listed and resolves', (p) => {
    expect(paths).toContain(p);
    expect(resolvePath(p.replace('<name>', 'checkout').replace('<key>', 'some.key/x').replace('[N]', '[0]')).canonical).toBeTruthy();
  });

  test('every listed path resolves, with descriptions from the TSDoc', () => {
    for (const p of settablePaths()) {
      expect(() => resolvePath(p.path.replace(/<name>|<key>/g, 'k').replace(/\[N\]/g, '[0]'))).not.toThrow();
      expect(p.description).not.toBe('');
    }
    expect(paths).not.toContain('name');
    expect(settablePaths().find((p) => p.path === 'autoscaling.targetCpuUtilization')).toMatchObject({ type: 'integer', default: '70' });
    expect(settablePaths().find((p) => p.path === 'exposure.externalTrafficPolicy')).toMatchObject({ type: 'one of Local | Cluster', default: "'Local'" });
  });
});

describe('parseSetArgument', () => {
  test('numbers, booleans, enums and strings are typed', () => {
    expect(set('autoscaling.maxReplicas=10')).toMatchObject({ path: 'autoscaling.maxReplicas', value: 10 });
    expect(set('autoscaling.enabled=false').value).toBe(false);
    expect(set('exposure.externalTrafficPolicy=Cluster').value).toBe('Cluster');
    expect(set('registry=mirror.local/shop').value).toBe('mirror.local/shop');
    expect(set('database.instanceConnectionName=p:r:i').value).toBe('p:r:i');
  });

  test('services.<name>.replicas and .tag go through the Record', () => {
    expect(set('services.checkout.replicas=5')).toMatchObject({
      path: 'services.checkout.replicas',
      value: 5,
      segments: [{ kind: 'property', name: 'services' }, { kind: 'key', name: 'checkout' }, { kind: 'property', name: 'replicas' }],
    });
    expect(set('services.checkout.tag=1.2.3').value).toBe('1.2.3');
  });

  test('lists of strings: comma-separated or JSON', () => {
    expect(set('loadBalancer.addresses=192.168.50.241, 192.168.50.242').value).toEqual(['192.168.50.241', '192.168.50.242']);
    expect(set('loadBalancer.addresses=["192.168.50.241"]').value).toEqual(['192.168.50.241']);
    expect(set('loadBalancer.addresses=').value).toEqual([]);
    expect(failure('loadBalancer.addresses=[1]')).toContain('loadBalancer.addresses[0] must be a string');
  });

  test('objects as JSON, checked against the schema', () => {
    expect(set('autoscaling={"enabled":true,"minReplicas":2,"maxReplicas":8}').value).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 8 });
    expect(failure('autoscaling={"enabled":true,"minReplicas":2,"maxReplica":8}')).toContain('autoscaling.maxReplicas is required');
    expect(failure('autoscaling={"enabled":true,"minReplicas":2,"maxReplicas":8,"max":1}')).toContain('autoscaling has no field "max"');
    expect(failure('autoscaling={oops')).toContain('is not valid JSON');
    expect(failure('loadBalancer.pools=a,b')).toContain('give it as a JSON array');
  });

  test('the key of a map of plain values is the rest of the path (dots and slashes allowed)', () => {
    expect(set('exposure.annotations.cloud.google.com/l4-rbs=enabled')).toMatchObject({
      path: 'exposure.annotations.cloud.google.com/l4-rbs',
      segments: [{ kind: 'property', name: 'exposure' }, { kind: 'property', name: 'annotations' }, { kind: 'key', name: 'cloud.google.com/l4-rbs' }],
    });
  });

  test('wrong types name the field and the reason', () => {
    expect(failure('autoscaling.maxReplicas=lots')).toBe('--set "autoscaling.maxReplicas=lots": autoscaling.maxReplicas is an integer; "lots" is not a number');
    expect(failure('autoscaling.enabled=yes')).toContain('autoscaling.enabled is a boolean; "yes" is neither true nor false');
    expect(failure('exposure.externalTrafficPolicy=local')).toContain('must be one of Local | Cluster; got "local" (did you mean "Local"?)');
  });

  test('unknown paths suggest the closest settable paths', () => {
    expect(failure('autoscaling.maxReplica=3')).toContain('(did you mean "autoscaling.maxReplicas"');
    expect(failure('autoscalling.maxReplicas=3')).toContain('did you mean "autoscaling.maxReplicas"');
    expect(failure('maxReplicas=3')).toContain('did you mean "autoscaling.maxReplicas"');
    expect(failure('services.checkout.replica=5')).toContain('did you mean "services.checkout.replicas"');
    expect(failure('database.hots=x')).toContain('did you mean "database.host"');
    expect(failure('name=x')).toContain('"name" names the environment and cannot be set');
    expect(failure('registry.x=1')).toContain('registry is a string; it has no field "x"');
    expect(failure('registry')).toContain('expected PATH=VALUE');
  });

  test('ENV: prefixes one environment', () => {
    expect(set('gke:autoscaling.maxReplicas=40')).toMatchObject({ environment: 'gke', path: 'autoscaling.maxReplicas', value: 40 });
    expect(failure('prod:autoscaling.maxReplicas=40')).toContain('unknown environment "prod"; known environments: minikube, staging, gke, baremetal');
  });
});

describe('applyOverrides', () => {
  test('applies in order to a copy, only to the targeted environment', () => {
    const overrides = [set('autoscaling.maxReplicas=10'), set('staging:autoscaling.maxReplicas=8'), set('services.checkout.replicas=5')];
    const staging = applyOverrides(BUILTIN_PROFILES.staging, overrides);
    const gke = applyOverrides(BUILTIN_PROFILES.gke, overrides);
    expect(staging.autoscaling.maxReplicas).toBe(8);
    expect(gke.autoscaling.maxReplicas).toBe(10);
    expect(staging.services).toEqual({ checkout: { replicas: 5 } });
    expect(BUILTIN_PROFILES.staging.autoscaling.maxReplicas).toBe(4);
    expect(BUILTIN_PROFILES.staging.services).toBeUndefined();
    expect(BUILTIN_PROFILES.gke.storage).toBe(BUILTIN_PROFILES.staging.storage);
  });

  test('list entries must exist', () => {
    const bm = applyOverrides(BUILTIN_PROFILES.baremetal, [set('loadBalancer.pools[0].addresses=192.168.50.0/29')]);
    expect(bm.loadBalancer!.pools[0].addresses).toEqual(['192.168.50.0/29']);
    expect(() => applyOverrides(BUILTIN_PROFILES.baremetal, [set('loadBalancer.pools[2].name=x')])).toThrow(/has 1 entry in loadBalancer.pools/);
    expect(() => applyOverrides(BUILTIN_PROFILES.staging, [set('loadBalancer.pools[0].name=x')])).toThrow(/loadBalancer.pools is not set in environment "staging"/);
  });

  test('services.<name> must be a workload of the environment', () => {
    expect(() => checkServiceNames([set('services.chekout.tag=1.0.1')], 'staging', ['checkout', 'api'])).toThrow(
      /environment "staging" has no service "chekout" \(did you mean "checkout"\?\); its services are api, checkout/,
    );
    expect(() => checkServiceNames([set('gke:services.chekout.tag=1.0.1')], 'staging', ['checkout'])).not.toThrow();
  });
});

describe('suggestions', () => {
  test('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('stagign', ENVS)).toEqual(['staging']);
    expect(closest('zzzzzz', ENVS)).toEqual([]);
  });
});
