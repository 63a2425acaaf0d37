/** An image in the environment's registry: the registry comes from the profile, the rest from here. */
export interface ContainerImage {
  /** Repository path below the registry, e.g. `shop-web` or `prom/prometheus`. */
  readonly repository: string;
  /** Pinned tag, e.g. `1.4.2`. `latest` is refused by policy. */
  readonly tag: string;
}

/** CPU and memory a container asks for. Quantities in Kubernetes notation. */
export interface ResourceRequests {
  /** CPU request, e.g. `100m`. */
  readonly cpu: string;
  /** Memory request, e.g. `128Mi`. */
  readonly memory: string;
  /**
   * Memory limit; the container is OOM-killed above it.
   * @default - twice the memory request
   */
  readonly memoryLimit?: string;
  /**
   * CPU limit. Usually left unset so pods can burst instead of being throttled.
   * @default - no CPU limit
   */
  readonly cpuLimit?: string;
}

/** Timing of a probe. */
export interface ProbeTiming {
  /**
   * Seconds before the first probe.
   * @default 0
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   * @default 10
   */
  readonly periodSeconds?: number;
  /**
   * Seconds before a probe times out.
   * @default 1
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe counts as failed.
   * @default 3
   */
  readonly failureThreshold?: number;
}

/** The serialisable form of a probe (what Kubernetes calls a Probe). */
export interface ProbeSpec extends ProbeTiming {
  /**
   * HTTP GET check.
   * @default - not an HTTP check
   */
  readonly httpGet?: { readonly path: string; readonly port: number | string };
  /**
   * TCP connect check.
   * @default - not a TCP check
   */
  readonly tcpSocket?: { readonly port: number | string };
  /**
   * Command run in the container; exit status 0 is healthy.
   * @default - not a command check
   */
  readonly exec?: { readonly command: string[] };
}

/**
 * A health check of a container.
 *
 * @example
 * const ready = Probe.http('/healthz', 'http', { periodSeconds: 5 });
 * const alive = Probe.tcp('http', { periodSeconds: 20 });
 */
export class Probe {
  /** HTTP GET `path` on a port (number or port name); healthy on 2xx/3xx. */
  public static http(path: string, port: number | string, timing: ProbeTiming = {}): Probe {
    return new Probe({ httpGet: { path, port }, ...timing });
  }

  /** TCP connect to a port (number or port name). */
  public static tcp(port: number | string, timing: ProbeTiming = {}): Probe {
    return new Probe({ tcpSocket: { port }, ...timing });
  }

  /** Runs a command in the container. */
  public static exec(command: string[], timing: ProbeTiming = {}): Probe {
    return new Probe({ exec: { command }, ...timing });
  }

  private constructor(
    /** What the probe checks and how often. */
    public readonly spec: ProbeSpec,
  ) {}
}
