import { Construct } from 'constructs';
import { AppConfig } from '../app-config/app-config';
import { isPlainConfigString, propError, urlPathProblem } from '../common/prop-error';
import { Probe } from '../workload/container-options';
import { Workload } from '../workload/workload';
import { IServiceEndpoint } from '../workload/workload-props';
import { HttpCacheProps } from './http-cache-props';
import { renderVcl, VclBackend, VclRoute } from './vcl';

const VCL_DIR = '/etc/varnish';
const VCL_FILE = 'default.vcl';

/**
 * A Varnish HTTP cache in front of web workloads, with the VCL written from its typed backends.
 *
 * The construct writes `default.vcl` into a ConfigMap (`<name>-config`, mounted at `/etc/varnish`):
 * one backend per workload it routes to, with a health probe where the workload has a health path;
 * path-prefix and user-agent routes in order (for example `/static/` to a static file server and
 * crawlers to a prerenderer); the route in the cache key; and a synthetic `200` on `healthPath`
 * for the readiness probe and proxies in front. Varnish starts with its full command line
 * (`varnishd -F -a http=:<port>,HTTP -f ... -s malloc,<size>`), so the image's entrypoint, which
 * would add a listener on port 80, never runs. The pods may connect to every backend.
 *
 * @example
 * const cache = new HttpCache(chart, 'varnish', {
 *   defaultBackend: web,
 *   routes: [
 *     { userAgent: 'googlebot|bingbot', excludeUserAgent: 'prerender', backend: prerender, fullUrlPath: true },
 *     { pathPrefix: '/static/', backend: staticFiles },
 *   ],
 * });
 */
export class HttpCache extends Workload {
  /** The ConfigMap holding `default.vcl`. */
  public readonly config: AppConfig;
  /** The VCL, as written into the ConfigMap. */
  public readonly vcl: string;
  /** Path of the VCL inside the container. */
  public readonly vclPath: string;

  constructor(scope: Construct, id: string, props: HttpCacheProps) {
    const name = props.name ?? id;
    const port = props.port ?? 8080;
    const healthPath = props.healthPath ?? '/varnish-health';
    const cacheSize = props.cacheSize ?? '256m';
    const fail = (field: string, message: string) => propError(scope, id, field, message);
    const healthPathProblem = urlPathProblem(healthPath);
    if (healthPathProblem) throw fail('healthPath', healthPathProblem);
    if (!/^[0-9]+[kmgt]?$/.test(cacheSize)) throw fail('cacheSize', `"${cacheSize}" is not a Varnish size such as 256m or 1g`);

    const backends = new Map<IServiceEndpoint, VclBackend>();
    const backendOf = (endpoint: IServiceEndpoint): VclBackend => {
      let b = backends.get(endpoint);
      if (!b) backends.set(endpoint, (b = { name: endpoint.serviceName.replace(/-/g, '_'), endpoint }));
      return b;
    };
    const defaultBackend = backendOf(props.defaultBackend);
    const routes: VclRoute[] = (props.routes ?? []).map((r, i) => {
      const field = `routes[${i}]`;
      if ((r.pathPrefix === undefined) === (r.userAgent === undefined)) throw fail(field, 'give exactly one of pathPrefix and userAgent');
      const prefixProblem = r.pathPrefix === undefined ? undefined : urlPathProblem(r.pathPrefix);
      if (prefixProblem) throw fail(`${field}.pathPrefix`, prefixProblem);
      for (const key of ['userAgent', 'excludeUserAgent'] as const) {
        const value = r[key];
        if (value !== undefined && !isPlainConfigString(value)) throw fail(`${field}.${key}`, 'must be a non-empty regular expression without double quotes, backslashes or control characters');
      }
      if (r.excludeUserAgent !== undefined && r.userAgent === undefined) throw fail(`${field}.excludeUserAgent`, 'only applies to a userAgent route');
      return { backend: backendOf(r.backend), pathPrefix: r.pathPrefix, userAgent: r.userAgent, excludeUserAgent: r.excludeUserAgent, fullUrlPath: r.fullUrlPath ?? false };
    });

    const vcl = renderVcl({ defaultBackend, backends: [...backends.values()], routes, healthPath });
    const config = new AppConfig(scope, `${id}Config`, { name: `${name}-config`, data: { [VCL_FILE]: vcl }, component: 'cache' });
    const vclPath = `${VCL_DIR}/${VCL_FILE}`;
    super(scope, id, {
      name: props.name,
      image: { repository: 'varnish', tag: props.version ?? '7.4.2' },
      command: ['varnishd', '-F', '-a', `http=:${port},HTTP`, '-f', vclPath, '-s', `malloc,${cacheSize}`],
      component: 'cache',
      runAsUser: props.runAsUser ?? 1000,
      configMounts: [{ config, path: VCL_DIR }],
      writablePaths: ['/tmp', '/var/lib/varnish'],
      talksTo: [...backends.keys()],
      resources: props.resources ?? { cpu: '200m', memory: '512Mi', memoryLimit: '1Gi' },
      liveness: Probe.tcp('http', { periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3 }),
    }, { serving: { containerPort: port, portName: 'http', healthPath } });
    this.config = config;
    this.vcl = vcl;
    this.vclPath = vclPath;
  }
}
