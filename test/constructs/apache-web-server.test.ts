import { ApacheWebServer, ApacheWebServerProps } from '../../src/constructs/apache-web-server';
import { EnvironmentChart } from '../../src/constructs/environment-chart';
import { PhpFpm } from '../../src/constructs/php-fpm';
import { Worker } from '../../src/constructs/worker';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { checkInPod, CheckResult, expectAccepted } from '../support/config-check';
import { named, Obj } from '../support/render';

const image = { repository: 'shop-web', tag: '1.0.0' };
/** Debian's modules and MIME types where the httpd image has them, below its ServerRoot. */
const imageLayout = (serverRoot = '/usr/local/apache2') => ({ '/usr/lib/apache2/modules': `${serverRoot}/modules`, '/etc/mime.types': `${serverRoot}/conf/mime.types` });

/** `apache2 -t` (Debian's httpd) on the file the container's command names, as the container user. */
function httpdTest(objects: Obj[], workload = 'web', hosts = ['php-fpm'], serverRoot?: string, imageDirs: string[] = []): CheckResult {
  const command: string[] = named(objects, 'Deployment', workload)!.spec.template.spec.containers[0].command;
  return checkInPod({ objects, workload, hosts, imageDirs, asContainerUser: true, binds: imageLayout(serverRoot), command: ['apache2', '-t', '-f', command[command.indexOf('-f') + 1]] });
}
const client = (chart: EnvironmentChart, web: ApacheWebServer) => new Worker(chart, 'cache', { image: { repository: 'client', tag: '1' }, talksTo: [web] });

describe('ApacheWebServer with minimal props (static files)', () => {
  const chart = testChart();
  const web = new ApacheWebServer(chart, 'web', { image });
  const objects = objectsOf(chart);
  const container = named(objects, 'Deployment', 'web')!.spec.template.spec.containers[0];

  test('runs httpd in the foreground on the httpd.conf it wrote, below the image\'s ServerRoot', () => {
    expect(container.command).toEqual(['httpd', '-DFOREGROUND', '-f', '/usr/local/apache2/conf/shipyard/httpd.conf']);
    expect(named(objects, 'ConfigMap', 'web-config')!.data).toEqual({ 'httpd.conf': web.httpdConfig });
    expect(container.volumeMounts).toContainEqual({ name: 'config-0', mountPath: '/usr/local/apache2/conf/shipyard', readOnly: true });
  });

  test('an unprivileged listener, logs to stdout/stderr, runtime files in /tmp, nothing outside the document root, no PHP', () => {
    const lines = web.httpdConfig.split('\n');
    for (const line of ['ServerRoot "/usr/local/apache2"', 'Listen 8080', 'ErrorLog /proc/self/fd/2', 'CustomLog /proc/self/fd/1 combined', 'PidFile /tmp/httpd.pid',
      'DefaultRuntimeDir /tmp', 'DocumentRoot "/var/www/html"', '  Require all denied', 'DirectoryIndex index.html']) {
      expect(lines).toContain(line);
    }
    expect(web.httpdConfig).not.toMatch(/proxy/i);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'http' });
  });

  test('apache2 -t accepts the config with the image layout', () => {
    expectAccepted(httpdTest(objects, 'web', []));
  });
});

describe('ApacheWebServer with all props', () => {
  const chart = testChart();
  const php = new PhpFpm(chart, 'php-fpm', { image: { repository: 'shop-php', tag: '1.0.0' }, port: 9001, documentRoot: '/srv/app' });
  const props: ApacheWebServerProps = {
    name: 'frontend', image, port: 8081, documentRoot: '/srv/app/public', php, healthPath: '/healthz', serverRoot: '/opt/httpd',
    writablePaths: ['/tmp'], resources: { cpu: '150m', memory: '96Mi' },
  };
  const web = new ApacheWebServer(chart, 'web', props);
  client(chart, web);
  const objects = objectsOf(chart);
  const container = named(objects, 'Deployment', 'frontend')!.spec.template.spec.containers[0];

  test('PHP goes to the PHP-FPM Service by name, port and its document root; / through /index.php', () => {
    expect(web.httpdConfig).toContain('ProxyPassMatch "^/(.*\\.php(/.*)?)$" "fcgi://php-fpm:9001/srv/app/$1"');
    expect(web.httpdConfig).toContain('DirectoryIndex /index.php index.html');
    expect(web.httpdConfig).toContain('LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so');
    expect(php.clientNames).toEqual(['frontend']);
    expect(validationErrors(chart)).toEqual([]);
  });

  test('port, roots, health path and the workload props follow the props', () => {
    expect(web.httpdConfig).toContain('ServerRoot "/opt/httpd"\nListen 8081');
    expect(web.httpdConfig).toContain('DocumentRoot "/srv/app/public"');
    expect(container.command).toEqual(['httpd', '-DFOREGROUND', '-f', '/opt/httpd/conf/shipyard/httpd.conf']);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.resources.requests).toEqual({ cpu: '150m', memory: '96Mi' });
    expect(named(objects, 'Service', 'frontend')!.spec.ports[0].port).toBe(8081);
  });

  test('apache2 -t accepts the config with the image layout', () => {
    expectAccepted(httpdTest(objects, 'frontend', ['php-fpm'], '/opt/httpd', ['/srv/app/public']));
  });

  test('a config broken on purpose fails with apache2\'s own message', () => {
    const broken = objects.map((o) => (o.kind === 'ConfigMap' && o.metadata.name === 'frontend-config' ? { ...o, data: { 'httpd.conf': o.data['httpd.conf'].replace('LoadModule proxy_fcgi_module', '# LoadModule proxy_fcgi_module') } } : o));
    const result = httpdTest(broken, 'frontend', ['php-fpm'], '/opt/httpd', ['/srv/app/public']);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/Invalid command 'ProxyFCGIBackendType'/);
  });
});

describe('ApacheWebServer props validation', () => {
  test.each([
    [{ port: 80 }, /port: 80 must be an unprivileged port/],
    [{ documentRoot: 'html' }, /documentRoot: "html" must be an absolute path/],
    [{ serverRoot: '/usr/local/apache 2' }, /serverRoot: "\/usr\/local\/apache 2" must be an absolute path/],
  ] as [Partial<ApacheWebServerProps>, RegExp][])('refuses %j, naming the environment, construct path and field', (props, message) => {
    const attempt = () => new ApacheWebServer(testChart(), 'web', { image, ...props });
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/^environment "minikube": minikube\/web: /);
  });
});
