import { AppConfig } from '../../src/constructs/app-config';
import { Worker } from '../../src/constructs/worker';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { renderEnvironment } from '../../src/synth';
import { objectsOf, testChart } from '../support/chart';
import { named, shopEnvironment } from '../support/render';

describe('AppConfig', () => {
  test('minimal props: a ConfigMap named after the construct, with the data as given and sorted keys', () => {
    const chart = testChart();
    const config = new AppConfig(chart, 'api-config', { data: { B: '2', A: '1' } });
    const cm = named(objectsOf(chart), 'ConfigMap', 'api-config')!;
    expect(cm.data).toEqual({ A: '1', B: '2' });
    expect(cm.metadata).toMatchObject({ namespace: chart.environment.namespace, labels: { 'app.kubernetes.io/component': 'config', 'app.kubernetes.io/name': 'api-config' } });
    expect(config.keys).toEqual(['A', 'B']);
    expect(config.configMapName).toBe('api-config');
  });

  test('all props: its own name and component; mounted as files and read as environment', () => {
    const chart = testChart();
    const config = new AppConfig(chart, 'cfg', { name: 'feeds', component: 'feeds', data: { 'feeds.yaml': 'sources: []\n' } });
    new Worker(chart, 'worker', { image: { repository: 'w', tag: '1' }, envFrom: [config], configMounts: [{ config, path: '/etc/feeds' }] });
    const objects = objectsOf(chart);
    expect(named(objects, 'ConfigMap', 'feeds')!.metadata.labels['app.kubernetes.io/component']).toBe('feeds');
    const pod = named(objects, 'Deployment', 'worker')!.spec.template.spec;
    expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: 'feeds' } }]);
    expect(pod.volumes).toContainEqual({ name: 'config-0', configMap: { name: 'feeds' } });
  });

  test('a key the API server would refuse fails the synth, naming the ConfigMap', () => {
    expect(() => renderEnvironment(shopEnvironment(BUILTIN_PROFILES.minikube), (chart) => {
      new AppConfig(chart, 'bad', { data: { 'not a file name': 'x' } });
    })).toThrow(/\[minikube\] ConfigMap shop\/bad \(construct minikube\/bad\/Resource\) violates config-data-size: data key "not a file name"/);
  });
});
