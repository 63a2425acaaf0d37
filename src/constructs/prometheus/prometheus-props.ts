import { ResourceRequests } from '../workload/container-options';
import { IServiceEndpoint } from '../workload/workload-props';

/** A workload Prometheus scrapes. */
export interface ScrapeTarget {
  /** The workload; Prometheus scrapes its Service name and port. */
  readonly endpoint: IServiceEndpoint;
  /**
   * Path of the metrics.
   * @default '/metrics'
   */
  readonly metricsPath?: string;
  /**
   * Job name (the `job` label of its series).
   * @default - the Service name
   */
  readonly jobName?: string;
  /**
   * Scrape interval of this job, a Prometheus duration (`15s`, `1m`).
   * @default - the global `scrapeInterval`
   */
  readonly interval?: string;
}

/** Where Prometheus keeps its time series. */
export interface PrometheusStorage {
  /** Storage tier. */
  readonly tier: 'fast' | 'bulk';
  /** Size of the claim, e.g. `50Gi`. */
  readonly size: string;
}

/** Properties of a {@link Prometheus}. */
export interface PrometheusProps {
  /**
   * Name of the workload, its Service, ConfigMap (`<name>-config`) and claim (`<name>-data`).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Image tag of `prom/prometheus`.
   * @default 'v2.54.1'
   */
  readonly version?: string;
  /**
   * Port Prometheus listens on and the Service exposes.
   * @default 9090
   */
  readonly port?: number;
  /**
   * Workloads to scrape (Prometheus also scrapes itself, job `prometheus`).
   * @default - none
   */
  readonly targets?: ScrapeTarget[];
  /**
   * Default scrape interval, a Prometheus duration.
   * @default '30s'
   */
  readonly scrapeInterval?: string;
  /**
   * How long samples are kept (`--storage.tsdb.retention.time`).
   * @default '15d'
   */
  readonly retention?: string;
  /**
   * The claim holding the time series.
   * @default { tier: 'bulk', size: '50Gi' }
   */
  readonly storage?: PrometheusStorage;
  /**
   * CPU and memory.
   * @default { cpu: '200m', memory: '512Mi', memoryLimit: '1Gi' }
   */
  readonly resources?: ResourceRequests;
}
