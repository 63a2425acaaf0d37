import { SharedVolume } from '../../src/constructs/shared-volume';
import { StaticSite, StaticSiteProps } from '../../src/constructs/static-site';
import { Worker } from '../../src/constructs/worker';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { checkInPod, CheckResult, expectAccepted } from '../support/config-check';
import { named, Obj } from '../support/render';

/** `nginx -t` on the file the container's command names, as the container user. */
function nginxTest(objects: Obj[], workload = 'static', imageDirs: string[] = []): CheckResult {
  const command: string[] = named(objects, 'Deployment', workload)!.spec.template.spec.containers[0].command;
  return checkInPod({ objects, workload, imageDirs, asContainerUser: true, command: ['nginx', '-t', '-e', 'stderr', '-c', command[command.indexOf('-c') + 1]] });
}

describe('StaticSite with minimal props', () => {
  const chart = testChart();
  const site = new StaticSite(chart, 'static');
  const objects = objectsOf(chart);
  const container = named(objects, 'Deployment', 'static')!.spec.template.spec.containers[0];

  test('runs nginx in the foreground on the config it wrote, logging to stderr from the start', () => {
    expect(container.image).toMatch(/\/nginx:1\.25\.3$/);
    expect(container.command).toEqual(['nginx', '-e', 'stderr', '-g', 'daemon off;', '-c', '/etc/nginx/shipyard/nginx.conf']);
    expect(named(objects, 'ConfigMap', 'static-config')!.data).toEqual({ 'nginx.conf': site.nginxConfig });
    expect(container.volumeMounts).toEqual([{ name: 'scratch-0', mountPath: '/tmp' }, { name: 'config-0', mountPath: '/etc/nginx/shipyard', readOnly: true }]);
  });

  test('listens on 8080, pid and temporary files in /tmp, answers its health path, files only with a max-age', () => {
    const cfg = site.nginxConfig;
    for (const line of ['pid /tmp/nginx.pid;', '    listen 8080;', '    root /usr/share/nginx/html;', '  client_body_temp_path /tmp/client_temp;', '      return 200 "ok\\n";',
      '      try_files $uri =404;', '      add_header Cache-Control "public, max-age=86400";']) {
      expect(cfg.split('\n')).toContain(line);
    }
    expect(cfg).toContain('location = /healthz {');
    expect(container.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(site.healthPath).toBe('/healthz');
  });

  test('nginx -t accepts the config, as the container user', () => {
    expectAccepted(nginxTest(objects));
  });

  test('a config broken on purpose fails with nginx\'s own message', () => {
    const broken = objects.map((o) => (o.kind === 'ConfigMap' && o.metadata.name === 'static-config' ? { ...o, data: { 'nginx.conf': o.data['nginx.conf'].replace('listen 8080;', 'listen 8080 bogus;') } } : o));
    const result = nginxTest(broken);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/\[emerg\] \d+#\d+: invalid parameter "bogus" in \/etc\/nginx\/shipyard\/nginx\.conf/);
  });
});

describe('StaticSite with all props', () => {
  const chart = testChart();
  const assets = new SharedVolume(chart, 'assets', { tier: 'bulk', size: '20Gi' });
  const props: StaticSiteProps = {
    name: 'assets-site', image: { repository: 'shop-static', tag: '2.0.0' }, port: 8088, root: '/srv/www', healthPath: '/-/ok', maxAgeSeconds: 0,
    replicas: 1, volumes: [{ volume: assets, path: '/srv/www/static', readOnly: true }],
  };
  const site = new StaticSite(chart, 'static', props);
  new Worker(chart, 'cache', { image: { repository: 'c', tag: '1' }, talksTo: [site] });
  const objects = objectsOf(chart);
  const container = named(objects, 'Deployment', 'assets-site')!.spec.template.spec.containers[0];

  test('every prop reaches the config and the pod', () => {
    expect(container.image).toMatch(/\/shop-static:2\.0\.0$/);
    expect(site.nginxConfig).toContain('    listen 8088;\n    root /srv/www;\n    location = /-/ok {');
    expect(site.nginxConfig).not.toContain('Cache-Control');
    expect(container.volumeMounts).toContainEqual({ name: 'data-0', mountPath: '/srv/www/static', readOnly: true });
    expect(named(objects, 'Service', 'assets-site')!.spec.ports[0].port).toBe(8088);
    expect(validationErrors(chart)).toEqual([]);
  });

  test('nginx -t accepts the config, as the container user', () => {
    expectAccepted(nginxTest(objects, 'assets-site', ['/srv/www']));
  });
});

describe('StaticSite props validation', () => {
  test.each([
    [{ port: 80 }, /port: 80 must be an unprivileged port/],
    [{ root: 'www' }, /root: "www" must be an absolute path/],
    [{ healthPath: '/health z' }, /healthPath: "\/health z" must be a path/],
    [{ maxAgeSeconds: -5 }, /maxAgeSeconds: -5 must be a whole number/],
  ] as [StaticSiteProps, RegExp][])('refuses %j, naming the environment, construct path and field', (props, message) => {
    const attempt = () => new StaticSite(testChart(), 'static', props);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/^environment "minikube": minikube\/static: /);
  });
});
