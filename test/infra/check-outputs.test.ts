import { checkTerraformOutputs } from '../../src/infra';
import { GKE, MINIKUBE } from '../../src/profiles/builtin-profiles';
import { shopEnvironment } from '../support/render';

const names = shopEnvironment(GKE).cloudNames()!;
const output = (value: string) => ({ sensitive: false, type: 'string', value });

describe('checkTerraformOutputs', () => {
  test('matching outputs pass', () => {
    const doc = {
      instance_connection_name: output(names.instanceConnectionName),
      gsa_email: output(names.serviceAccountEmail),
      cluster_name: output(names.clusterName),
    };
    expect(checkTerraformOutputs(shopEnvironment(GKE), JSON.stringify(doc))).toEqual({ ok: true, mismatches: [] });
  });

  test('reports a drifted connection name and a missing output', () => {
    const doc = {
      instance_connection_name: output('acme-shop:europe-west1:shop-production-old'),
      gsa_email: output(names.serviceAccountEmail),
    };
    const result = checkTerraformOutputs(shopEnvironment(GKE), doc);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([
      { output: 'instance_connection_name', expected: 'acme-shop-prod:europe-west1:shop-production', actual: 'acme-shop:europe-west1:shop-production-old' },
      { output: 'cluster_name', expected: 'shop-production', actual: undefined },
    ]);
  });

  test('rejects non-JSON and environments off Google Cloud', () => {
    expect(() => checkTerraformOutputs(shopEnvironment(GKE), 'not json')).toThrow(/not JSON/);
    expect(() => checkTerraformOutputs(shopEnvironment(GKE), '[]')).toThrow(/object/);
    expect(() => checkTerraformOutputs(shopEnvironment(MINIKUBE), '{}')).toThrow(/no gcp/);
  });
});
