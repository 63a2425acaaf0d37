import { ResourceRequests } from '../workload/container-options';
import { IServiceEndpoint } from '../workload/workload-props';

/**
 * A route of an {@link HttpCache}: requests matching it go to `backend`. Give exactly one of
 * `pathPrefix` and `userAgent`. Routes are tried in order; the first that matches wins.
 */
export interface HttpCacheRoute {
  /** The workload that answers these requests. */
  readonly backend: IServiceEndpoint;
  /**
   * URL path prefix, e.g. `/static/` (matched literally at the start of the path).
   * @default - not a path route
   */
  readonly pathPrefix?: string;
  /**
   * Regular expression (PCRE, case-insensitive) matched against the `User-Agent` header, e.g.
   * `googlebot|bingbot` to send crawlers to a prerenderer.
   * @default - not a user-agent route
   */
  readonly userAgent?: string;
  /**
   * Regular expression (PCRE, case-insensitive) of user agents this route never takes, e.g.
   * `prerender` so a prerenderer fetching pages through the cache is not routed back to itself.
   * @default - none
   */
  readonly excludeUserAgent?: string;
  /**
   * Send the full URL as the path (`/https://host/path?query`), as prerender servers expect.
   * @default false
   */
  readonly fullUrlPath?: boolean;
}

/** Properties of an {@link HttpCache}. */
export interface HttpCacheProps {
  /**
   * Name of the workload, its Service and its ConfigMap (`<name>-config`).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Varnish image tag (the official `varnish` image).
   * @default '7.4.2'
   */
  readonly version?: string;
  /**
   * Port Varnish listens on (unprivileged) and the Service exposes.
   * @default 8080
   */
  readonly port?: number;
  /** Where requests go that match no route. */
  readonly defaultBackend: IServiceEndpoint;
  /**
   * Routes to other backends, tried in order before the default.
   * @default - none
   */
  readonly routes?: HttpCacheRoute[];
  /**
   * Size of the in-memory cache (`-s malloc,<size>`), in Varnish units (`256m`, `1g`).
   * @default '256m'
   */
  readonly cacheSize?: string;
  /**
   * Path Varnish answers itself with 200 (readiness probe, proxies' health checks).
   * @default '/varnish-health'
   */
  readonly healthPath?: string;
  /**
   * CPU and memory; leave room above `cacheSize` for Varnish's own overhead.
   * @default { cpu: '200m', memory: '512Mi', memoryLimit: '1Gi' }
   */
  readonly resources?: ResourceRequests;
  /**
   * UID Varnish runs as (the image's `varnish` user).
   * @default 1000
   */
  readonly runAsUser?: number;
}
