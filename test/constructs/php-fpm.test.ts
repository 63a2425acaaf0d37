import { MySqlDatabase } from '../../src/constructs/mysql-database';
import { PhpFpm, PhpFpmProps } from '../../src/constructs/php-fpm';
import { RedisCache } from '../../src/constructs/redis-cache';
import { Worker } from '../../src/constructs/worker';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { checkInPod, CheckResult, expectAccepted } from '../support/config-check';
import { named, Obj } from '../support/render';

const image = { repository: 'shop-php', tag: '1.0.0' };

/** `php-fpm -t` on the file the container's command names, as the container's user. */
function fpmTest(objects: Obj[], workload = 'php-fpm', imageDirs: string[] = []): CheckResult {
  const command: string[] = named(objects, 'Deployment', workload)!.spec.template.spec.containers[0].command;
  return checkInPod({ objects, workload, imageDirs, asContainerUser: true, command: ['php-fpm8.2', '-t', '--fpm-config', command[command.indexOf('--fpm-config') + 1]] });
}

describe('PhpFpm with minimal props', () => {
  const chart = testChart();
  const php = new PhpFpm(chart, 'php-fpm', { image });
  const objects = objectsOf(chart);
  const container = named(objects, 'Deployment', 'php-fpm')!.spec.template.spec.containers[0];

  test('runs php-fpm in the foreground on the config it wrote, not the image\'s', () => {
    expect(container.command).toEqual(['php-fpm', '--nodaemonize', '--fpm-config', '/usr/local/etc/shipyard/php-fpm.conf']);
    expect(named(objects, 'ConfigMap', 'php-fpm-config')!.data).toEqual({ 'php-fpm.conf': php.fpmConfig });
    expect(container.volumeMounts).toContainEqual({ name: 'config-0', mountPath: '/usr/local/etc/shipyard', readOnly: true });
  });

  test('one pool on 9000 that keeps the environment, logs to stderr, with spare workers php-fpm accepts', () => {
    for (const line of ['error_log = /proc/self/fd/2', 'daemonize = no', 'listen = 9000', 'pm = dynamic', 'pm.max_children = 20', 'pm.start_servers = 3',
      'pm.min_spare_servers = 2', 'pm.max_spare_servers = 5', 'pm.max_requests = 500', 'request_terminate_timeout = 60s', 'clear_env = no',
      'chdir = /var/www/html', 'ping.path = /fpm-ping', 'catch_workers_output = yes']) {
      expect(php.fpmConfig.split('\n')).toContain(line);
    }
    expect(php.documentRoot).toBe('/var/www/html');
  });

  test('a fastcgi port and Service on 9000, scalable, TCP probes', () => {
    expect(container.ports).toEqual([{ name: 'fastcgi', containerPort: 9000, protocol: 'TCP' }]);
    expect(named(objects, 'Service', 'php-fpm')!.spec.ports).toEqual([{ name: 'fastcgi', port: 9000, targetPort: 'fastcgi', protocol: 'TCP' }]);
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'fastcgi' });
    expect(php.serviceName).toBe('php-fpm');
  });

  test('php-fpm -t accepts the config, as the container user', () => {
    expectAccepted(fpmTest(objects));
  });

  test('a config broken on purpose fails with php-fpm\'s own message', () => {
    const broken = objects.map((o) => (o.kind === 'ConfigMap' && o.metadata.name === 'php-fpm-config' ? { ...o, data: { 'php-fpm.conf': o.data['php-fpm.conf'].replace('pm.max_spare_servers = 5', 'pm.max_spare_servers = 50') } } : o));
    const result = fpmTest(broken);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/pm\.min_spare_servers\(2\) and pm\.max_spare_servers\(50\) cannot be greater than pm\.max_children\(20\)/);
  });
});

describe('PhpFpm with all props', () => {
  const chart = testChart();
  const db = new MySqlDatabase(chart, 'database');
  const cache = new RedisCache(chart, 'redis-cache');
  const props: PhpFpmProps = {
    name: 'php', image, port: 9001, documentRoot: '/srv/app/public', maxChildren: 8, maxRequests: 1000, requestTimeoutSeconds: 30,
    database: db, talksTo: [cache], env: { APP_ENV: 'test' }, resources: { cpu: '500m', memory: '512Mi', memoryLimit: '768Mi' }, runAsUser: 82, scalable: false,
  };
  const php = new PhpFpm(chart, 'php-fpm', props);
  new Worker(chart, 'web', { image: { repository: 'client', tag: '1' }, talksTo: [php] });
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'php')!;
  const container = deployment.spec.template.spec.containers[0];

  test('pool sizes, port, document root and timeout follow the props', () => {
    for (const line of ['listen = 9001', 'pm.max_children = 8', 'pm.start_servers = 1', 'pm.min_spare_servers = 1', 'pm.max_spare_servers = 2', 'pm.max_requests = 1000', 'request_terminate_timeout = 30s', 'chdir = /srv/app/public']) {
      expect(php.fpmConfig.split('\n')).toContain(line);
    }
    expect(php.documentRoot).toBe('/srv/app/public');
  });

  test('the workload props still apply (database, env, user, resources, fixed replicas)', () => {
    expect(container.env.map((e: Obj) => e.name)).toEqual(['APP_ENV', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD']);
    expect(container.securityContext.runAsUser).toBe(82);
    expect(container.resources.limits.memory).toBe('768Mi');
    expect(named(objects, 'HorizontalPodAutoscaler', 'php')).toBeUndefined();
    expect(named(objects, 'ConfigMap', 'php-config')).toBeDefined();
    expect(cache.clientNames).toEqual(['php']);
    expect(validationErrors(chart)).toEqual([]);
  });

  test('php-fpm -t accepts the config, as the container user', () => {
    expectAccepted(fpmTest(objects, 'php', ['/srv/app/public']));
  });
});

describe('PhpFpm props validation', () => {
  test.each([
    [{ maxChildren: 0 }, /maxChildren: 0 must be a whole number, 1 or more/],
    [{ maxRequests: 1.5 }, /maxRequests: 1\.5 must be a whole number/],
    [{ requestTimeoutSeconds: -1 }, /requestTimeoutSeconds: -1 must be a whole number/],
    [{ documentRoot: 'var/www' }, /documentRoot: "var\/www" must be an absolute path/],
  ] as [Partial<PhpFpmProps>, RegExp][])('refuses %j, naming the environment, construct path and field', (props, message) => {
    const attempt = () => new PhpFpm(testChart(), 'php-fpm', { image, ...props });
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/^environment "minikube": minikube\/php-fpm: /);
  });
});
