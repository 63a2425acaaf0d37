import { MessageQueue } from '../../src/constructs/message-queue';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart } from '../support/chart';
import { named } from '../support/render';

describe('MessageQueue', () => {
  const chart = testChart();
  new MessageQueue(chart, 'rabbitmq');
  const sts = named(objectsOf(chart), 'StatefulSet', 'rabbitmq')!;
  const container = sts.spec.template.spec.containers[0];

  test('runs rabbitmq-server with its full command and logs to the console (the image also logs to read-only /var/log/rabbitmq)', () => {
    expect(container.command).toEqual(['rabbitmq-server']);
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'RABBITMQ_LOGS', value: '-' }, { name: 'RABBITMQ_UPGRADE_LOG', value: '-' }]));
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('keeps queues on a persistent volume at the image data directory', () => {
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/rabbitmq' });
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  });
});

describe('MessageQueue with all props', () => {
  const chart = testChart(BUILTIN_PROFILES.baremetal);
  const queue = new MessageQueue(chart, 'queue', { name: 'events', version: '3.12.14', storageSize: '50Gi', resources: { cpu: '500m', memory: '1Gi', memoryLimit: '2Gi' } });
  const objects = objectsOf(chart);
  const sts = named(objects, 'StatefulSet', 'events')!;
  const container = sts.spec.template.spec.containers[0];

  test('name, version, storage and resources follow the props; credentials in their own Secret', () => {
    expect(container.image).toMatch(/\/rabbitmq:3\.12\.14$/);
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: BUILTIN_PROFILES.baremetal.storage.fast.name, resources: { requests: { storage: '50Gi' } } });
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } });
    expect(queue.credentials.secretName).toBe('events');
    expect(queue.credentials.keys).toEqual(['password', 'username']);
    expect(named(objects, 'Service', 'events')!.spec.ports).toEqual([{ name: 'amqp', port: 5672, targetPort: 'amqp', protocol: 'TCP' }]);
    expect([queue.serviceName, queue.servicePort]).toEqual(['events', 5672]);
  });
});

describe('MessageQueue validation', () => {
  test('a client asking for a credential key the Secret does not hold is refused', () => {
    const chart = testChart();
    const queue = new MessageQueue(chart, 'rabbitmq');
    expect(() => queue.credentials.keyRef('erlang-cookie')).toThrow('secret "rabbitmq" has no key "erlang-cookie" (keys: password, username)');
  });
});
