import type { SecretReference } from '../secret-reference/secret-reference';
import { ContainerImage } from '../workload/container-options';
import { IServiceEndpoint, WorkloadProps } from '../workload/workload-props';

/** A host the edge sends to a workload other than the default backend. */
export interface EdgeRoute {
  /** Host name, matched exactly and case-insensitively (any port is ignored), e.g. `ops.shop.example`. */
  readonly host: string;
  /** The workload that answers this host. */
  readonly backend: IServiceEndpoint;
  /**
   * Client address ranges (CIDR or single addresses, IPv4 or IPv6) allowed to reach this host;
   * everyone else gets `403`. The proxy sees client addresses where the Service keeps them
   * (`externalTrafficPolicy: Local`, the default).
   * @default - any client
   */
  readonly allowedSources?: string[];
  /**
   * Serve this host only to the environment's administrators: the source ranges of its profile's
   * `network.adminSources` (added to `allowedSources`). Where the profile lists none, the host answers
   * `403` to every client from outside the cluster (reach it with `kubectl port-forward`). For ops and
   * admin hosts, so that each environment's own ranges apply without naming them in the platform.
   * @default false
   */
  readonly adminOnly?: boolean;
}

/** The certificate the edge terminates TLS with. */
export interface EdgeTls {
  /** The Secret holding it. */
  readonly secret: SecretReference;
  /** Key of the Secret: one PEM file with the certificate chain and the private key. */
  readonly key: string;
}

/** Properties of an {@link EdgeProxy}. */
export interface EdgeProxyProps extends Omit<WorkloadProps, 'image' | 'command' | 'args'> {
  /**
   * HAProxy image (the official `haproxy` image layout).
   * @default { repository: 'haproxy', tag: '2.8.5' }
   */
  readonly image?: ContainerImage;
  /** Where requests for any host without a route go. */
  readonly defaultBackend: IServiceEndpoint;
  /**
   * Seconds the edge keeps taking connections after it is told to stop, until the load balancer has
   * noticed (GKE's passthrough load balancer marks a node's endpoint down after 3 failed health checks
   * 8 s apart; MetalLB moves the address when the pod is no longer ready). HAProxy then gets the image's
   * stop signal (SIGUSR1: stop listening, finish what is in flight).
   * @default 25
   */
  readonly drainSeconds?: number;
  /**
   * Seconds a pod gets to stop: `drainSeconds`, then HAProxy's soft stop.
   * @default 60
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Hosts sent elsewhere, e.g. an ops host to Grafana with `allowedSources`.
   * @default - none
   */
  readonly routes?: EdgeRoute[];
  /**
   * The TLS certificate (mounted read-only from its Secret). Where the environment has no secret store
   * (`secrets.mode: inline-dev`), an init container self-signs one for the domain and `*.<domain>` at
   * pod start instead, so a laptop needs no manual certificate step.
   */
  readonly tls: EdgeTls;
  /**
   * Image with `openssl` that self-signs the certificate where the environment has no secret store.
   * @default { repository: 'alpine/openssl', tag: '3.3.2' }
   */
  readonly certificateImage?: ContainerImage;
  /**
   * HTTPS port inside the container (unprivileged).
   * @default 8443
   */
  readonly port?: number;
  /**
   * Public HTTPS port.
   * @default 443
   */
  readonly servicePort?: number;
  /**
   * Plain HTTP port inside the container; every request on it is redirected to HTTPS.
   * @default 8080
   */
  readonly httpPort?: number;
  /**
   * Public plain HTTP port.
   * @default 80
   */
  readonly httpServicePort?: number;
  /**
   * Port of the proxy's own health endpoint (probes only, not on the Service).
   * @default 8404
   */
  readonly healthPort?: number;
  /**
   * Path of the health endpoint: `200` while the default backend has a server up, `503` otherwise
   * (readiness probe).
   * @default '/healthz'
   */
  readonly healthPath?: string;
  /**
   * `Strict-Transport-Security` max-age on every HTTPS response; `0` sends no header.
   * @default 31536000 (one year)
   */
  readonly hstsMaxAgeSeconds?: number;
}
