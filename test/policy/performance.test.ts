import { checkObjects, CheckContext } from '../../src/policy';
import { defaultDeny, namespace, webApp, wrap } from './fixtures';

/** One environment with `services` web apps (Deployment, Service, PDB, NetworkPolicy, ConfigMap, half with an HPA). */
function bigSet(services: number) {
  const set = [namespace('shop'), defaultDeny('shop')];
  for (let i = 0; i < services; i++) set.push(...webApp('shop', `svc-${i}`, { autoscale: i % 2 === 0 }));
  return wrap(set, true);
}

const ENVIRONMENTS: CheckContext[] = ['minikube', 'staging', 'gke', 'baremetal'].map((environment) => ({
  environment,
  allowInlineSecretValues: environment === 'minikube',
}));

describe('performance', () => {
  test('1000 services x 4 environments check in a few seconds, and cost grows linearly', () => {
    const objects = bigSet(1000);
    const started = performance.now();
    for (const ctx of ENVIRONMENTS) expect(checkObjects(objects, ctx).findings).toEqual([]);
    const elapsed = performance.now() - started;
    console.log(`${objects.length} objects x ${ENVIRONMENTS.length} environments: ${Math.round(elapsed)} ms`);
    expect(elapsed).toBeLessThan(15000);

    // linear, not quadratic: 4x the objects must not cost anywhere near 16x
    const small = bigSet(500);
    const large = bigSet(2000);
    const t0 = performance.now();
    checkObjects(small, ENVIRONMENTS[1]);
    const t1 = performance.now();
    checkObjects(large, ENVIRONMENTS[1]);
    const t2 = performance.now();
    expect((t2 - t1) / (t1 - t0)).toBeLessThan(8);
  });
});
