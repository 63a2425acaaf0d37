import { MessageQueue } from '../../src/constructs/message-queue';
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
