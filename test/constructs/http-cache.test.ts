import * as fs from 'fs';
import { HttpCache, HttpCacheProps } from '../../src/constructs/http-cache';
import { WebService } from '../../src/constructs/web-service';
import { EnvironmentChart } from '../../src/constructs/environment-chart';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { checkInPod, CheckResult, expectAccepted, scratchDir } from '../support/config-check';
import { named, Obj } from '../support/render';

const image = (repository: string) => ({ repository, tag: '1.0.0' });

function backends(chart: EnvironmentChart) {
  return {
    web: new WebService(chart, 'web', { image: image('shop-web'), port: 8080, healthPath: '/healthz' }),
    files: new WebService(chart, 'static', { image: image('shop-static'), port: 8080 }),
    prerender: new WebService(chart, 'prerender', { image: image('prerender'), port: 3000, healthPath: '/health' }),
  };
}

/** `varnishd -C` on the VCL at the path the container's command names, with the backends resolvable. */
function compileVcl(objects: Obj[], workload = 'varnish', hosts = ['web', 'static', 'prerender']): CheckResult {
  const container = named(objects, 'Deployment', workload)!.spec.template.spec.containers[0];
  const vclPath = container.command[container.command.indexOf('-f') + 1];
  const work = scratchDir();
  try {
    return checkInPod({ objects, workload, hosts, command: ['varnishd', '-C', '-n', work, '-f', vclPath] });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

describe('HttpCache with minimal props', () => {
  const chart = testChart();
  const { web } = backends(chart);
  const cache = new HttpCache(chart, 'varnish', { defaultBackend: web });
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'varnish')!;
  const container = deployment.spec.template.spec.containers[0];

  test('starts varnishd with its full command: one listener on 8080, the mounted VCL, a 256m malloc cache', () => {
    expect(container.command).toEqual(['varnishd', '-F', '-a', 'http=:8080,HTTP', '-f', '/etc/varnish/default.vcl', '-s', 'malloc,256m']);
    expect(container.args).toBeUndefined();
    expect(container.image).toBe(`${chart.environment.profile.registry}/varnish:7.4.2`);
    expect(container.securityContext).toMatchObject({ runAsUser: 1000, readOnlyRootFilesystem: true });
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'config-0', mountPath: '/etc/varnish', readOnly: true },
        expect.objectContaining({ mountPath: '/var/lib/varnish' }),
        expect.objectContaining({ mountPath: '/tmp' }),
      ]),
    );
    expect(cache.vclPath).toBe('/etc/varnish/default.vcl');
  });

  test('writes the VCL into its ConfigMap, with only the default backend and its probe', () => {
    const cm = named(objects, 'ConfigMap', 'varnish-config')!;
    expect(cm.data).toEqual({ 'default.vcl': cache.vcl });
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'config-0', configMap: { name: 'varnish-config' } });
    expect(cache.vcl).toContain('backend web {\n  .host = "web";\n  .port = "8080";');
    expect(cache.vcl).toContain('.request = "GET /healthz HTTP/1.1" "Host: web"');
    expect(cache.vcl.match(/^backend /gm)).toHaveLength(1);
    expect(cache.vcl).toContain('set req.backend_hint = web;');
  });

  test('answers its own health path, used by the readiness probe', () => {
    expect(cache.healthPath).toBe('/varnish-health');
    expect(cache.vcl).toContain('if (req.url == "/varnish-health") {\n    return (synth(200, "OK"));');
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/varnish-health', port: 'http' } });
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 'http' } });
  });

  test('a ClusterIP Service on 8080, and the backend admits the cache', () => {
    expect(named(objects, 'Service', 'varnish')!.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(web.clientNames).toEqual(['varnish']);
    expect(cache.serviceName).toBe('varnish');
    expect(cache.servicePort).toBe(8080);
  });

  test('varnishd -C compiles the VCL', () => {
    expectAccepted(compileVcl(objects, 'varnish', ['web']));
  });
});

describe('HttpCache with all props', () => {
  const chart = testChart();
  const { web, files, prerender } = backends(chart);
  const props: HttpCacheProps = {
    name: 'edge-cache',
    version: '7.4.3',
    port: 6081,
    defaultBackend: web,
    routes: [
      { userAgent: 'googlebot|bingbot', excludeUserAgent: 'prerender', backend: prerender, fullUrlPath: true },
      { pathPrefix: '/static/', backend: files },
      { pathPrefix: '/media.v2/', backend: files },
    ],
    cacheSize: '1g',
    healthPath: '/-/cache-ready',
    resources: { cpu: '500m', memory: '1536Mi', memoryLimit: '2Gi' },
    runAsUser: 1001,
  };
  const cache = new HttpCache(chart, 'varnish', props);
  cache.allowFrom(prerender); // prerender fetches the pages it renders through the cache
  const objects = objectsOf(chart);
  const container = named(objects, 'Deployment', 'edge-cache')!.spec.template.spec.containers[0];

  test('every prop reaches the pod', () => {
    expect(container.command).toEqual(['varnishd', '-F', '-a', 'http=:6081,HTTP', '-f', '/etc/varnish/default.vcl', '-s', 'malloc,1g']);
    expect(container.image).toMatch(/\/varnish:7\.4\.3$/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 6081, protocol: 'TCP' }]);
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '1536Mi' }, limits: { memory: '2Gi' } });
    expect(container.securityContext.runAsUser).toBe(1001);
    expect(container.readinessProbe.httpGet.path).toBe('/-/cache-ready');
    expect(named(objects, 'ConfigMap', 'edge-cache-config')).toBeDefined();
    expect(named(objects, 'Service', 'edge-cache')!.spec.ports[0].port).toBe(6081);
  });

  test('one backend per routed workload, probes only where the workload has a health path', () => {
    expect(cache.vcl.match(/^backend (\w+) \{/gm)).toEqual(['backend web {', 'backend prerender {', 'backend static {']);
    expect(cache.vcl).toContain('.request = "GET /health HTTP/1.1" "Host: prerender"');
    const staticBlock = cache.vcl.slice(cache.vcl.indexOf('backend static {'), cache.vcl.indexOf('sub vcl_recv'));
    expect(staticBlock).not.toContain('.probe');
  });

  test('routes in order: crawlers (but not prerender itself) to prerender with the full URL, path prefixes, then the default', () => {
    expect(cache.vcl).toContain('if (req.http.User-Agent ~ "(?i)googlebot|bingbot" && req.http.User-Agent !~ "(?i)prerender") {');
    expect(cache.vcl).toContain('set req.url = "/https://" + req.http.Host + req.url;');
    expect(cache.vcl).toContain('} elsif (req.url ~ "^/static/") {');
    expect(cache.vcl).toContain('} elsif (req.url ~ "^/media\\.v2/") {');
    expect(cache.vcl.indexOf('googlebot')).toBeLessThan(cache.vcl.indexOf('^/static/'));
    expect(cache.vcl).toContain('} else {\n    set req.backend_hint = web;');
  });

  test('the route is part of the cache key and cannot be forged by a client', () => {
    expect(cache.vcl).toContain('unset req.http.X-Cache-Route;');
    expect(cache.vcl).toContain('hash_data(req.http.X-Cache-Route);');
  });

  test('each backend admits the cache through its NetworkPolicy', () => {
    for (const b of [web, files, prerender]) expect(b.clientNames).toContain('edge-cache');
    expect(validationErrors(chart)).toEqual([]);
  });

  test('varnishd -C compiles the VCL', () => {
    expectAccepted(compileVcl(objects, 'edge-cache'));
  });
});

describe('HttpCache VCL is judged by varnishd itself', () => {
  const chart = testChart();
  const { web, files } = backends(chart);
  new HttpCache(chart, 'varnish', { defaultBackend: web, routes: [{ pathPrefix: '/static/', backend: files }] });
  const objects = objectsOf(chart);

  test('a VCL broken on purpose (a backend nothing uses) fails with varnishd\'s own message', () => {
    const broken = objects.map((o) =>
      o.kind === 'ConfigMap' && o.metadata.name === 'varnish-config'
        ? { ...o, data: { 'default.vcl': o.data['default.vcl'] + '\nbackend unused { .host = "web"; .port = "8080"; }\n' } }
        : o,
    );
    const result = compileVcl(broken);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/Unused backend unused/);
    expect(() => expectAccepted(result)).toThrow(/varnishd -C .* refused the configuration[\s\S]*Unused backend unused/);
  });

  test('a backend whose Service name does not resolve is refused (the hosts mapping is what makes the check pass)', () => {
    const result = compileVcl(objects, 'varnish', ['web']);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/static/);
  });
});

describe('HttpCache props validation', () => {
  const attempt = (props: (b: ReturnType<typeof backends>) => Omit<HttpCacheProps, 'defaultBackend'>) => () => {
    const chart = testChart();
    const b = backends(chart);
    new HttpCache(chart, 'varnish', { defaultBackend: b.web, ...props(b) });
  };

  test.each([
    ['both a path and a user agent', (b: ReturnType<typeof backends>) => ({ routes: [{ pathPrefix: '/x/', userAgent: 'bot', backend: b.files }] }), /routes\[0\]: give exactly one of pathPrefix and userAgent/],
    ['neither a path nor a user agent', (b: ReturnType<typeof backends>) => ({ routes: [{ backend: b.files }] }), /routes\[0\]: give exactly one/],
    ['a path prefix without a leading slash', (b: ReturnType<typeof backends>) => ({ routes: [{ pathPrefix: 'static/', backend: b.files }] }), /routes\[0\]\.pathPrefix: "static\/" must be a path/],
    ['a user agent with a double quote', (b: ReturnType<typeof backends>) => ({ routes: [{ userAgent: 'bot"', backend: b.prerender }] }), /routes\[0\]\.userAgent: must be a non-empty regular expression/],
    ['an exclusion on a path route', (b: ReturnType<typeof backends>) => ({ routes: [{ pathPrefix: '/s/', excludeUserAgent: 'x', backend: b.files }] }), /routes\[0\]\.excludeUserAgent: only applies to a userAgent route/],
    ['a cache size Varnish cannot read', () => ({ cacheSize: '256MiB' }), /cacheSize: "256MiB" is not a Varnish size/],
    ['a health path with a quote', () => ({ healthPath: '/"' }), /healthPath: /],
  ])('refuses %s, naming the environment, construct path and field', (_what, props, message) => {
    expect(attempt(props)).toThrow(message);
    expect(attempt(props)).toThrow(/^environment "minikube": minikube\/varnish: /);
  });
});
