import { trafficEdges } from '../../src/compare/traffic-graph';
import { K8sObject } from '../../src/manifests/k8s-object';
import { SCALABLE_KINDS } from '../../src/manifests/kinds';
import { labelSelectorSelects, serviceSelects } from '../../src/manifests/selectors';
import { SCALABLE_KINDS as POLICY_SCALABLE_KINDS } from '../../src/policy/rules/workload-facts';

const web = { app: 'web', tier: 'front' };

describe('a LabelSelector (NetworkPolicy podSelector, PodDisruptionBudget selector)', () => {
  test('{} selects every pod; an absent selector selects none', () => {
    expect(labelSelectorSelects({}, web)).toBe(true);
    expect(labelSelectorSelects({}, {})).toBe(true);
    expect(labelSelectorSelects({ matchLabels: {}, matchExpressions: [] }, web)).toBe(true);
    expect(labelSelectorSelects(undefined, web)).toBe(false);
    expect(labelSelectorSelects(null, web)).toBe(false);
  });

  test('matchLabels and every matchExpressions operator', () => {
    expect(labelSelectorSelects({ matchLabels: { app: 'web' } }, web)).toBe(true);
    expect(labelSelectorSelects({ matchLabels: { app: 'api' } }, web)).toBe(false);
    const expr = (operator: string, values?: string[]) => ({ matchExpressions: [{ key: 'tier', operator, values }] });
    expect(labelSelectorSelects(expr('In', ['front', 'back']), web)).toBe(true);
    expect(labelSelectorSelects(expr('In', ['back']), web)).toBe(false);
    expect(labelSelectorSelects(expr('NotIn', ['back']), web)).toBe(true);
    expect(labelSelectorSelects(expr('NotIn', ['back']), { app: 'web' })).toBe(true); // no such label: not in the set
    expect(labelSelectorSelects(expr('Exists'), web)).toBe(true);
    expect(labelSelectorSelects(expr('Exists'), { app: 'web' })).toBe(false);
    expect(labelSelectorSelects(expr('DoesNotExist'), web)).toBe(false);
    expect(labelSelectorSelects(expr('Gt', ['1']), web)).toBe(false); // not a label-selector operator
  });
});

describe("a Service's spec.selector", () => {
  test('absent or {} selects nothing (the API server stores {} as no selector)', () => {
    expect(serviceSelects(undefined, web)).toBe(false);
    expect(serviceSelects({}, web)).toBe(false);
    expect(serviceSelects({}, {})).toBe(false);
  });

  test('a label map selects pods carrying all of it', () => {
    expect(serviceSelects({ app: 'web' }, web)).toBe(true);
    expect(serviceSelects({ app: 'web', tier: 'back' }, web)).toBe(false);
  });
});

test('one table of scalable kinds: what an HPA can target, for policy and capacity alike', () => {
  expect(POLICY_SCALABLE_KINDS).toBe(SCALABLE_KINDS);
  expect([...SCALABLE_KINDS].sort()).toEqual(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
});

test('the traffic graph reads podSelector {} as every workload of the namespace', () => {
  const deployment = (name: string): K8sObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [] } } },
  });
  const monitoringMayScrapeAll: K8sObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'allow-prometheus' },
    spec: { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'prometheus' } } }] }] },
  };
  const edges = trafficEdges([deployment('web'), deployment('api'), deployment('prometheus'), monitoringMayScrapeAll]);
  expect(edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(['prometheus -> api', 'prometheus -> prometheus', 'prometheus -> web']);
});
