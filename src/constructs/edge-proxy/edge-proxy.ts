import { Construct } from 'constructs';
import { isDnsSubdomain } from '../../manifests/names';
import { isIpAddress, parseAddressRange } from '../../profiles/ip-ranges';
import { AppConfig } from '../app-config/app-config';
import { propError, unprivilegedPortProblem, urlPathProblem, wholeNumberProblem } from '../common/prop-error';
import { Probe } from '../workload/container-options';
import { Workload } from '../workload/workload';
import { Environment } from '../../profiles/environment';
import { EdgeProxyProps } from './edge-proxy-props';
import { renderHaproxyConfig } from './haproxy-config';

const CONFIG_DIR = '/usr/local/etc/haproxy';
const CONFIG_FILE = 'haproxy.cfg';
const CERT_DIR = '/etc/haproxy/certs';

/**
 * The public entry point: HAProxy terminating TLS, with its configuration written from typed routes.
 *
 * A Deployment on the environment's edge nodes, and a Service with the HTTPS and HTTP ports exposed
 * the way the profile says (a cloud LoadBalancer on GKE, a NodePort on minikube, a MetalLB
 * LoadBalancer pinned to the site's pool and floating IP on bare metal) with the profile's
 * `externalTrafficPolicy` (default `Local`, to keep client addresses for `allowedSources`).
 *
 * `haproxy.cfg` (ConfigMap `<name>-config`, mounted at the image's `/usr/local/etc/haproxy`):
 * HTTPS with the certificate from `tls` (mounted at `/etc/haproxy/certs`), every plain HTTP request
 * redirected to HTTPS, each route's host to its backend (403 outside its `allowedSources`), the
 * rest to `defaultBackend`, HTTP health checks on backends that have a health path, HSTS, and a
 * health endpoint for the readiness probe. HAProxy starts with its full command line.
 *
 * @example
 * new EdgeProxy(chart, 'haproxy', {
 *   defaultBackend: varnish,
 *   routes: [{ host: 'ops.shop.example', backend: grafana, allowedSources: ['10.8.0.0/16'] }],
 *   tls: { secret: tls, key: 'shop.pem' },
 * });
 */
export class EdgeProxy extends Workload {
  /** The ConfigMap holding `haproxy.cfg`. */
  public readonly config: AppConfig;
  /** `haproxy.cfg`, as written into the ConfigMap. */
  public readonly haproxyConfig: string;
  /** Path of `haproxy.cfg` inside the container. */
  public readonly configPath: string;

  constructor(scope: Construct, id: string, props: EdgeProxyProps) {
    const name = props.name ?? id;
    const fail = (field: string, message: string) => propError(scope, id, field, message);
    const port = props.port ?? 8443;
    const httpPort = props.httpPort ?? 8080;
    const healthPort = props.healthPort ?? 8404;
    const healthPath = props.healthPath ?? '/healthz';
    const hstsMaxAgeSeconds = props.hstsMaxAgeSeconds ?? 31536000;
    const ports = { port, httpPort, healthPort };
    for (const [field, value] of Object.entries(ports)) {
      const problem = unprivilegedPortProblem(value);
      if (problem) throw fail(field, problem);
    }
    if (new Set(Object.values(ports)).size !== 3) throw fail('port', `port, httpPort and healthPort must differ (${port}, ${httpPort}, ${healthPort})`);
    const healthPathProblem = urlPathProblem(healthPath);
    if (healthPathProblem) throw fail('healthPath', healthPathProblem);
    const hstsProblem = wholeNumberProblem(hstsMaxAgeSeconds, 0);
    if (hstsProblem) throw fail('hstsMaxAgeSeconds', hstsProblem);
    if (!props.tls.secret.keys.includes(props.tls.key)) {
      throw fail('tls.key', `secret "${props.tls.secret.secretName}" has no key "${props.tls.key}" (keys: ${props.tls.secret.keys.join(', ')})`);
    }
    const env = Environment.of(scope);
    const hosts = new Set<string>();
    const routes = (props.routes ?? []).map((r, i) => {
      const host = r.host.toLowerCase();
      if (!isDnsSubdomain(host)) throw fail(`routes[${i}].host`, `"${r.host}" is not a host name`);
      if (hosts.has(host)) throw fail(`routes[${i}].host`, `"${r.host}" has two routes`);
      hosts.add(host);
      (r.allowedSources ?? []).forEach((source, j) => {
        const problem = sourceProblem(source);
        if (problem) throw fail(`routes[${i}].allowedSources[${j}]`, problem);
      });
      if (r.allowedSources && r.allowedSources.length === 0) throw fail(`routes[${i}].allowedSources`, 'an empty list would refuse every client; leave it out to allow any');
      // adminOnly with a profile that lists no admin sources: an empty list, which the config renders as "refuse everyone".
      const allowedSources = r.adminOnly ? [...new Set([...(r.allowedSources ?? []), ...env.adminSources])] : r.allowedSources;
      return { host, backend: r.backend, allowedSources };
    });
    const restricted = routes.findIndex((r) => r.allowedSources);
    if (restricted >= 0 && env.publicExposure().externalTrafficPolicy !== 'Local') {
      throw fail(`routes[${restricted}]`, 'restricts client addresses, but the environment exposes the edge with externalTrafficPolicy: Cluster, '
        + 'which replaces client addresses with node addresses: set the profile\'s exposure.externalTrafficPolicy to Local');
    }

    const configPath = `${CONFIG_DIR}/${CONFIG_FILE}`;
    const haproxyConfig = renderHaproxyConfig({
      httpsPort: port, httpPort, healthPort, healthPath, hstsMaxAgeSeconds,
      certificatePath: `${CERT_DIR}/${props.tls.key}`,
      defaultBackend: props.defaultBackend,
      routes,
    });
    // Where the environment has no secret store (a laptop), an init container self-signs a certificate for
    // the domain and its subdomains at pod start: `kubectl apply` alone gives a working edge.
    const certificateFile = `${CERT_DIR}/${props.tls.key}`;
    const selfSigned = env.selfSignsCertificates;
    const domain = env.profile.domain;
    const config = new AppConfig(scope, `${id}Config`, { name: `${name}-config`, data: { [CONFIG_FILE]: haproxyConfig }, component: 'edge' });
    super(scope, id, {
      role: 'edge',
      component: 'edge',
      scalable: true,
      runAsUser: 99,
      readiness: Probe.http(healthPath, 'health', { periodSeconds: 5, timeoutSeconds: 2 }),
      liveness: Probe.tcp('https', { periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3 }),
      drainSeconds: 25,
      terminationGracePeriodSeconds: 60,
      ...props,
      image: props.image ?? { repository: 'haproxy', tag: '2.8.5' },
      command: ['haproxy', '-W', '-db', '-f', configPath],
      configMounts: [{ config, path: CONFIG_DIR }, ...(props.configMounts ?? [])],
      secretMounts: [...(selfSigned ? [] : [{ secret: props.tls.secret, path: CERT_DIR }]), ...(props.secretMounts ?? [])],
      talksTo: [...new Set([props.defaultBackend, ...routes.map((r) => r.backend), ...(props.talksTo ?? [])])],
    }, {
      initContainers: selfSigned
        ? [{
            name: 'self-signed-certificate',
            image: props.certificateImage ?? { repository: 'alpine/openssl', tag: '3.3.2' },
            // HAProxy loads the key from `<crt>.key` next to a certificate file that has none.
            command: ['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '365',
              '-subj', `/CN=${domain}`, '-addext', `subjectAltName=DNS:${domain},DNS:*.${domain}`, '-keyout', `${certificateFile}.key`, '-out', certificateFile],
            directory: CERT_DIR,
          }]
        : undefined,
      serving: {
        containerPort: port,
        servicePort: props.servicePort ?? 443,
        portName: 'https',
        public: true,
        additionalPorts: [
          { name: 'http', containerPort: httpPort, servicePort: props.httpServicePort ?? 80 },
          { name: 'health', containerPort: healthPort },
        ],
      },
    });
    this.config = config;
    this.haproxyConfig = haproxyConfig;
    this.configPath = configPath;
  }
}

function sourceProblem(source: string): string | undefined {
  if (!source.includes('/')) return isIpAddress(source) ? undefined : `"${source}" is not an IP address or CIDR`;
  try {
    parseAddressRange(source);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
