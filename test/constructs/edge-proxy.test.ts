import { EdgeProxy, EdgeProxyProps } from '../../src/constructs/edge-proxy';
import { EnvironmentChart } from '../../src/constructs/environment-chart';
import { SecretReference } from '../../src/constructs/secret-reference';
import { WebService } from '../../src/constructs/web-service';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { checkInPod, CheckResult, expectAccepted } from '../support/config-check';
import { named, Obj } from '../support/render';
import { selfSignedPem } from '../support/tls';

const image = (repository: string) => ({ repository, tag: '1.0.0' });
const PEM = selfSignedPem('shop.test');

function parts(chart: EnvironmentChart) {
  return {
    cache: new WebService(chart, 'varnish', { image: image('varnish'), port: 8080, healthPath: '/varnish-health' }),
    grafana: new WebService(chart, 'grafana', { image: image('grafana'), port: 3000, healthPath: '/api/health' }),
    admin: new WebService(chart, 'admin', { image: image('shop-admin'), port: 8080 }),
    tls: new SecretReference(chart, 'tls', { name: 'shop-tls', keys: ['shop.pem'] }),
  };
}

/** `haproxy -c` (warnings fatal) on the config the container's command names, with the certificate and backends in place. */
function checkHaproxy(objects: Obj[], workload = 'haproxy', hosts = ['varnish', 'grafana', 'admin']): CheckResult {
  const container = named(objects, 'Deployment', workload)!.spec.template.spec.containers[0];
  const config = container.command[container.command.indexOf('-f') + 1];
  return checkInPod({ objects, workload, hosts, secrets: { 'shop-tls': { 'shop.pem': PEM } }, command: ['haproxy', '-c', '-dW', '-f', config] });
}

describe('EdgeProxy with minimal props', () => {
  const chart = testChart();
  const { cache, tls } = parts(chart);
  const edge = new EdgeProxy(chart, 'haproxy', { defaultBackend: cache, tls: { secret: tls, key: 'shop.pem' } });
  const objects = objectsOf(chart);
  const pod = named(objects, 'Deployment', 'haproxy')!.spec.template.spec;
  const container = pod.containers[0];

  test('runs the haproxy image with its full command and the config it wrote', () => {
    expect(container.image).toBe(`${chart.environment.profile.registry}/haproxy:2.8.5`);
    expect(container.command).toEqual(['haproxy', '-W', '-db', '-f', '/usr/local/etc/haproxy/haproxy.cfg']);
    expect(edge.configPath).toBe('/usr/local/etc/haproxy/haproxy.cfg');
    expect(named(objects, 'ConfigMap', 'haproxy-config')!.data).toEqual({ 'haproxy.cfg': edge.haproxyConfig });
    expect(container.securityContext).toMatchObject({ runAsUser: 99, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('keeps taking connections 25 s after it is told to stop (load balancer health checks), within a 60 s grace period', () => {
    expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '25'] } } });
    expect(pod.terminationGracePeriodSeconds).toBe(60);
  });

  test('mounts the config read-only; with no secret store (minikube) an init container self-signs the certificate', () => {
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'config-0', mountPath: '/usr/local/etc/haproxy', readOnly: true },
        { name: 'prepared-0', mountPath: '/etc/haproxy/certs', readOnly: true },
      ]),
    );
    expect(pod.volumes.find((v: Obj) => v.secret)).toBeUndefined();
    expect(pod.initContainers).toHaveLength(1);
    const init = pod.initContainers[0];
    expect(init.image).toBe(`${chart.environment.profile.registry}/alpine/openssl:3.3.2`);
    expect(init.command).toEqual(expect.arrayContaining(['-subj', '/CN=shop.test', '-addext', 'subjectAltName=DNS:shop.test,DNS:*.shop.test', '-keyout', '/etc/haproxy/certs/shop.pem.key', '-out', '/etc/haproxy/certs/shop.pem']));
    expect(init.volumeMounts).toEqual([{ name: 'prepared-0', mountPath: '/etc/haproxy/certs' }]);
    expect(init.securityContext).toMatchObject({ runAsUser: 99, readOnlyRootFilesystem: true });
    expect(edge.haproxyConfig).toContain('bind :8443 ssl crt /etc/haproxy/certs/shop.pem alpn h2,http/1.1');
  });

  test('where the environment has a secret store, the certificate Secret is mounted read-only instead', () => {
    const staging = testChart(BUILTIN_PROFILES.staging);
    const p = parts(staging);
    new EdgeProxy(staging, 'haproxy', { defaultBackend: p.cache, tls: { secret: p.tls, key: 'shop.pem' } });
    const spec = named(objectsOf(staging), 'Deployment', 'haproxy')!.spec.template.spec;
    expect(spec.initContainers).toBeUndefined();
    expect(spec.volumes).toContainEqual({ name: 'secret-0', secret: { secretName: 'shop-tls', defaultMode: 0o440 } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'secret-0', mountPath: '/etc/haproxy/certs', readOnly: true });
  });

  test('HTTPS on 443 and HTTP on 80 are public; the health port is for probes only', () => {
    const service = named(objects, 'Service', 'haproxy')!;
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' },
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
    ]);
    expect(container.ports).toEqual([
      { name: 'https', containerPort: 8443, protocol: 'TCP' },
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'health', containerPort: 8404, protocol: 'TCP' },
    ]);
    expect(named(objects, 'NetworkPolicy', 'haproxy')!.spec.ingress).toEqual([{ ports: [{ port: 'https', protocol: 'TCP' }, { port: 'http', protocol: 'TCP' }] }]);
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'health' } });
  });

  test('plain HTTP is redirected to HTTPS; HSTS on every HTTPS answer', () => {
    expect(edge.haproxyConfig).toMatch(/frontend http\n {2}bind :8080\n {2}http-request redirect scheme https code 301\n/);
    expect(edge.haproxyConfig).toContain('http-response set-header Strict-Transport-Security "max-age=31536000"');
  });

  test('everything goes to the default backend, health-checked on its health path; the health endpoint follows it', () => {
    expect(edge.haproxyConfig).toContain('default_backend varnish');
    expect(edge.haproxyConfig).toContain('backend varnish\n  option httpchk\n  http-check send meth GET uri /varnish-health ver HTTP/1.1 hdr Host varnish\n');
    expect(edge.haproxyConfig).toContain('server varnish varnish:8080 check');
    expect(edge.haproxyConfig).toContain('monitor-uri /healthz\n  monitor fail if { nbsrv(varnish) lt 1 }');
    expect(cache.clientNames).toEqual(['haproxy']);
  });

  test('haproxy -c accepts the config', () => {
    expectAccepted(checkHaproxy(objects, 'haproxy', ['varnish']));
  });
});

describe('EdgeProxy with all props', () => {
  const chart = testChart(BUILTIN_PROFILES.baremetal);
  const { cache, grafana, admin, tls } = parts(chart);
  const props: EdgeProxyProps = {
    name: 'edge',
    image: { repository: 'haproxy', tag: '2.8.9' },
    defaultBackend: cache,
    routes: [
      { host: 'OPS.shop.test', backend: grafana, allowedSources: ['10.8.0.0/16', '192.168.50.7', 'fd00::/64'] },
      { host: 'admin.shop.test', backend: admin },
    ],
    tls: { secret: tls, key: 'shop.pem' },
    port: 9443,
    servicePort: 8443,
    httpPort: 9080,
    httpServicePort: 8080,
    healthPort: 9404,
    healthPath: '/-/ready',
    hstsMaxAgeSeconds: 0,
    resources: { cpu: '300m', memory: '256Mi' },
    runAsUser: 1099,
  };
  const edge = new EdgeProxy(chart, 'haproxy', props);
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'edge')!;
  const container = deployment.spec.template.spec.containers[0];

  test('ports, image, user, resources and probes follow the props', () => {
    expect(container.image).toMatch(/\/haproxy:2\.8\.9$/);
    expect(container.ports.map((p: Obj) => [p.name, p.containerPort])).toEqual([['https', 9443], ['http', 9080], ['health', 9404]]);
    expect(named(objects, 'Service', 'edge')!.spec.ports.map((p: Obj) => [p.name, p.port])).toEqual([['https', 8443], ['http', 8080]]);
    expect(container.securityContext.runAsUser).toBe(1099);
    expect(container.resources).toEqual({ requests: { cpu: '300m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'health' });
    expect(edge.haproxyConfig).toContain('bind :9443 ssl crt');
    expect(edge.haproxyConfig).toContain('monitor-uri /-/ready');
    expect(edge.haproxyConfig).not.toContain('Strict-Transport-Security');
  });

  test('on bare metal the Service is a MetalLB LoadBalancer keeping client addresses, on edge nodes', () => {
    const service = named(objects, 'Service', 'edge')!;
    expect(service.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expect(service.metadata.annotations['metallb.universe.tf/address-pool']).toBeDefined();
    expect(JSON.stringify(deployment.spec.template.spec.affinity)).toContain('edge');
  });

  test('host routes in order, lower-cased, with a 403 outside the allowed sources, before the default', () => {
    const cfg = edge.haproxyConfig;
    // ACLs, then every deny, then the routes: HAProxy runs http-request rules before any use_backend.
    expect(cfg).toContain(
      'acl host_0 req.hdr(host),field(1,:),lower -m str ops.shop.test\n  acl host_1 req.hdr(host),field(1,:),lower -m str admin.shop.test\n' +
        '  http-request deny deny_status 403 if host_0 !{ src 10.8.0.0/16 192.168.50.7 fd00::/64 }\n  use_backend grafana if host_0\n  use_backend admin if host_1',
    );
    expect(cfg.indexOf('use_backend admin')).toBeLessThan(cfg.indexOf('default_backend varnish'));
    expect(cfg).toContain('backend grafana\n  option httpchk\n  http-check send meth GET uri /api/health');
    expect(cfg).toContain('backend admin\n  server admin admin:8080 check');
  });

  test('every backend admits the edge, and nothing else is needed', () => {
    for (const b of [cache, grafana, admin]) expect(b.clientNames).toEqual(['edge']);
    expect(validationErrors(chart)).toEqual([]);
  });

  test('haproxy -c accepts the config', () => {
    expectAccepted(checkHaproxy(objects, 'edge'));
  });
});

describe('EdgeProxy config is judged by haproxy itself', () => {
  const chart = testChart();
  const { cache, grafana, admin, tls } = parts(chart);
  new EdgeProxy(chart, 'haproxy', { defaultBackend: cache, routes: [{ host: 'ops.shop.test', backend: grafana }, { host: 'admin.shop.test', backend: admin }], tls: { secret: tls, key: 'shop.pem' } });
  const objects = objectsOf(chart);
  const withConfig = (edit: (cfg: string) => string) =>
    objects.map((o) => (o.kind === 'ConfigMap' && o.metadata.name === 'haproxy-config' ? { ...o, data: { 'haproxy.cfg': edit(o.data['haproxy.cfg']) } } : o));

  test('a config broken on purpose (a route to a backend that does not exist) fails with haproxy\'s own message', () => {
    const result = checkHaproxy(withConfig((cfg) => cfg.replace('use_backend admin if', 'use_backend adminn if')));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/unable to find required use_backend: 'adminn'/);
    expect(() => expectAccepted(result)).toThrow(/haproxy -c -dW .* refused the configuration[\s\S]*adminn/);
  });

  test('a certificate that is not a PEM (the old laptop placeholder) is refused', () => {
    const staging = testChart(BUILTIN_PROFILES.staging);
    const p = parts(staging);
    new EdgeProxy(staging, 'haproxy', { defaultBackend: p.cache, routes: [{ host: 'ops.shop.test', backend: p.grafana }, { host: 'admin.shop.test', backend: p.admin }], tls: { secret: p.tls, key: 'shop.pem' } });
    const result = checkInPod({ objects: objectsOf(staging), workload: 'haproxy', hosts: ['varnish', 'grafana', 'admin'], secrets: { 'shop-tls': { 'shop.pem': 'dev-only-shop-tls-shop.pem' } }, command: ['haproxy', '-c', '-f', '/usr/local/etc/haproxy/haproxy.cfg'] });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/shop\.pem/);
  });

  test('a backend whose Service name does not resolve is refused', () => {
    const result = checkHaproxy(objects, 'haproxy', ['varnish', 'grafana']);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/could not resolve address 'admin'/);
  });
});

describe('EdgeProxy routes for administrators (adminOnly)', () => {
  const build = (profile: typeof BUILTIN_PROFILES.baremetal, routes: (p: ReturnType<typeof parts>) => EdgeProxyProps['routes']) => {
    const chart = testChart(profile);
    const p = parts(chart);
    const edge = new EdgeProxy(chart, 'haproxy', { defaultBackend: p.cache, routes: routes(p), tls: { secret: p.tls, key: 'shop.pem' } });
    return { edge, objects: objectsOf(chart) };
  };

  test("are served to the environment profile's network.adminSources, with the route's own sources", () => {
    const { edge } = build(BUILTIN_PROFILES.baremetal, (p) => [
      { host: 'ops.shop.test', backend: p.grafana, adminOnly: true },
      { host: 'admin.shop.test', backend: p.admin, adminOnly: true, allowedSources: ['10.9.0.0/16'] },
    ]);
    expect(BUILTIN_PROFILES.baremetal.network?.adminSources).toEqual(['192.168.50.0/24']);
    expect(edge.haproxyConfig).toContain('http-request deny deny_status 403 if host_0 !{ src 192.168.50.0/24 }');
    expect(edge.haproxyConfig).toContain('http-request deny deny_status 403 if host_1 !{ src 10.9.0.0/16 192.168.50.0/24 }');
  });

  test('answer 403 to every client where the profile lists no admin sources, and haproxy accepts that config', () => {
    const profile = { ...BUILTIN_PROFILES.gke, network: { ...BUILTIN_PROFILES.gke.network, adminSources: [] } };
    const { edge, objects } = build(profile, (p) => [{ host: 'ops.shop.test', backend: p.grafana, adminOnly: true }]);
    expect(edge.haproxyConfig).toContain('  http-request deny deny_status 403 if host_0\n');
    expectAccepted(checkHaproxy(objects, 'haproxy', ['varnish', 'grafana']));
  });

  test('are refused where the edge does not keep client addresses (externalTrafficPolicy: Cluster)', () => {
    const profile = { ...BUILTIN_PROFILES.gke, exposure: { ...BUILTIN_PROFILES.gke.exposure, externalTrafficPolicy: 'Cluster' as const } };
    expect(() => build(profile, (p) => [{ host: 'admin.shop.test', backend: p.admin }, { host: 'ops.shop.test', backend: p.grafana, adminOnly: true }])).toThrow(
      /^environment "gke": gke\/haproxy: routes\[1\]: restricts client addresses, but the environment exposes the edge with externalTrafficPolicy: Cluster/,
    );
    // Without a restricted route, Cluster is fine.
    expect(() => build(profile, (p) => [{ host: 'admin.shop.test', backend: p.admin }])).not.toThrow();
  });
});

describe('EdgeProxy props validation', () => {
  const attempt = (edit: (p: ReturnType<typeof parts>) => Partial<EdgeProxyProps>) => () => {
    const chart = testChart();
    const p = parts(chart);
    new EdgeProxy(chart, 'haproxy', { defaultBackend: p.cache, tls: { secret: p.tls, key: 'shop.pem' }, ...edit(p) });
  };
  type Parts = ReturnType<typeof parts>;

  test.each([
    ['a TLS key the Secret does not hold', (p: Parts) => ({ tls: { secret: p.tls, key: 'tls.crt' } }), /tls\.key: secret "shop-tls" has no key "tls\.crt" \(keys: shop\.pem\)/],
    ['a host that is not a host name', (p: Parts) => ({ routes: [{ host: 'ops shop', backend: p.grafana }] }), /routes\[0\]\.host: "ops shop" is not a host name/],
    ['two routes for one host', (p: Parts) => ({ routes: [{ host: 'a.test', backend: p.grafana }, { host: 'A.test', backend: p.admin }] }), /routes\[1\]\.host: "A\.test" has two routes/],
    ['a source that is not an address', (p: Parts) => ({ routes: [{ host: 'a.test', backend: p.grafana, allowedSources: ['office'] }] }), /routes\[0\]\.allowedSources\[0\]: "office" is not an IP address or CIDR/],
    ['a CIDR with a bad prefix', (p: Parts) => ({ routes: [{ host: 'a.test', backend: p.grafana, allowedSources: ['10.0.0.0/33'] }] }), /routes\[0\]\.allowedSources\[0\]: /],
    ['an empty source list', (p: Parts) => ({ routes: [{ host: 'a.test', backend: p.grafana, allowedSources: [] }] }), /routes\[0\]\.allowedSources: an empty list would refuse every client/],
    ['a privileged port', () => ({ port: 443 }), /port: 443 must be an unprivileged port/],
    ['the same port twice', () => ({ httpPort: 8443 }), /port: port, httpPort and healthPort must differ/],
    ['a negative HSTS age', () => ({ hstsMaxAgeSeconds: -1 }), /hstsMaxAgeSeconds: -1 must be a whole number/],
  ])('refuses %s, naming the environment, construct path and field', (_what, edit, message) => {
    expect(attempt(edit)).toThrow(message);
    expect(attempt(edit)).toThrow(/^environment "minikube": minikube\/haproxy: /);
  });
});

describe('EdgeProxy config, run by haproxy in a private network namespace', () => {
  const chart = testChart();
  const { cache, grafana, admin, tls } = parts(chart);
  new EdgeProxy(chart, 'haproxy', {
    defaultBackend: cache,
    routes: [{ host: 'ops.shop.test', backend: grafana, allowedSources: ['127.0.0.2/32'] }, { host: 'admin.shop.test', backend: admin }],
    tls: { secret: tls, key: 'shop.pem' },
    httpPort: 8090, // admin's stand-in listens on 8080
  });
  const objects = objectsOf(chart);
  // Backends resolve to 127.0.1.2 (varnish), .3 (grafana), .4 (admin): only admin answers, a PHP page.
  const script = `
    set -u
    mkdir -p /tmp/admin && echo '<?php echo "admin page";' > /tmp/admin/index.php
    export NO_PROXY='*' no_proxy='*'
    php -S 127.0.1.4:8080 -t /tmp/admin >/dev/null 2>&1 & backend=$!
    for i in $(seq 100); do curl -s -o /dev/null http://127.0.1.4:8080/ && break; sleep 0.1; done
    haproxy -db -f /usr/local/etc/haproxy/haproxy.cfg > /tmp/haproxy.log 2>&1 & proxy=$!
    for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:8404/ && break; sleep 0.1; done
    get() { curl -sk -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 5 "$@"; echo; }
    https() { get --resolve "$1:8443:127.0.0.1" "\${@:2}" "https://$1:8443/"; }
    echo "redirect $(get -H 'Host: shop.test' 'http://127.0.0.1:8090/cart?item=1')"
    echo "ops-allowed $(https ops.shop.test --interface 127.0.0.2)"
    echo "ops-refused $(https ops.shop.test --interface 127.0.0.3)"
    echo "admin $(https admin.shop.test)"
    echo "default $(https shop.test)"
    echo "health $(get http://127.0.0.1:8404/healthz)"
    echo "hsts $(curl -sk -D - -o /dev/null --resolve admin.shop.test:8443:127.0.0.1 https://admin.shop.test:8443/ | tr -d '\\r' | grep -i '^strict-transport-security')"
    kill $proxy $backend; wait
  `;
  const result = checkInPod({ objects, workload: 'haproxy', hosts: ['varnish', 'grafana', 'admin'], secrets: { 'shop-tls': { 'shop.pem': PEM } }, privateNetwork: true, command: ['bash', '-c', script] });
  const answer = (name: string) => result.output.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1).trim();

  test('plain HTTP is answered with a permanent redirect to the same URL over HTTPS', () => {
    expect(answer('redirect')).toBe('301 https://shop.test/cart?item=1');
  });

  test('the ops host lets its allowed source through (to a backend that is down: 503) and refuses others with 403', () => {
    expect(answer('ops-allowed')).toBe('503');
    expect(answer('ops-refused')).toBe('403');
  });

  test('the admin host reaches admin; any other host the default backend (down: 503); health follows the default backend', () => {
    expect(answer('admin')).toBe('200');
    expect(answer('default')).toBe('503');
    expect(answer('health')).toBe('503');
    expect(answer('hsts')).toBe('strict-transport-security: max-age=31536000');
  });
});
