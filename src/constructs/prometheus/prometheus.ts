import { Construct } from 'constructs';
import { Environment } from '../../profiles/environment';
import { AppConfig } from '../app-config/app-config';
import { propError, urlPathProblem } from '../common/prop-error';
import { SharedVolume } from '../shared-volume/shared-volume';
import { Probe } from '../workload/container-options';
import { Workload } from '../workload/workload';
import { PrometheusProps } from './prometheus-props';
import { renderPrometheusConfig, ScrapeJob } from './prometheus-config';

const CONFIG_DIR = '/etc/prometheus';
const CONFIG_FILE = 'prometheus.yml';
const DATA_DIR = '/prometheus';
/** A Prometheus duration (model.ParseDuration). */
const DURATION = /^(?!$)([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$/;
const PROMETHEUS_JOB = 'prometheus';

/**
 * Prometheus with its scrape configuration written from the workloads it scrapes.
 *
 * `prometheus.yml` (ConfigMap `<name>-config`, mounted at `/etc/prometheus`) has one job per
 * target, on the target's Service name and port (so a renamed workload cannot leave a stale
 * target), the environment as an external label, and Prometheus itself. One replica on a
 * ReadWriteOnce claim (`<name>-data`), started with its full command; readiness on `/-/ready`,
 * liveness on `/-/healthy`. Every target admits Prometheus through its NetworkPolicy.
 *
 * A target is scraped through its Service, so each scrape reaches one of its pods: counters of a
 * workload with several replicas come from whichever pod answered. Per-pod scraping needs
 * Kubernetes service discovery (and RBAC to read Endpoints), which this construct does not set up.
 *
 * @example
 * const prometheus = new Prometheus(chart, 'prometheus', { targets: [{ endpoint: web }, { endpoint: api, metricsPath: '/internal/metrics' }] });
 */
export class Prometheus extends Workload {
  /** The ConfigMap holding `prometheus.yml`. */
  public readonly config: AppConfig;
  /** `prometheus.yml`, as written into the ConfigMap. */
  public readonly prometheusConfig: string;
  /** Path of `prometheus.yml` inside the container. */
  public readonly configPath: string;
  /** The claim holding the time series. */
  public readonly data: SharedVolume;

  constructor(scope: Construct, id: string, props: PrometheusProps = {}) {
    const name = props.name ?? id;
    const port = props.port ?? 9090;
    const fail = (field: string, message: string) => propError(scope, id, field, message);
    const duration = (field: string, value: string) => {
      if (!DURATION.test(value)) throw fail(field, `"${value}" is not a Prometheus duration such as 30s, 5m or 15d`);
      return value;
    };
    const scrapeInterval = duration('scrapeInterval', props.scrapeInterval ?? '30s');
    const retention = duration('retention', props.retention ?? '15d');
    const jobNames = new Set([PROMETHEUS_JOB]);
    const jobs: ScrapeJob[] = (props.targets ?? []).map((t, i) => {
      const jobName = t.jobName ?? t.endpoint.serviceName;
      if (!/^[a-zA-Z_][a-zA-Z0-9_-]*$/.test(jobName)) throw fail(`targets[${i}].jobName`, `"${jobName}" must be letters, digits, _ and -`);
      if (jobNames.has(jobName)) throw fail(`targets[${i}].jobName`, `job "${jobName}" is already used; give one of them a jobName`);
      jobNames.add(jobName);
      const metricsPath = t.metricsPath ?? '/metrics';
      const pathProblem = urlPathProblem(metricsPath);
      if (pathProblem) throw fail(`targets[${i}].metricsPath`, pathProblem);
      return { jobName, target: `${t.endpoint.serviceName}:${t.endpoint.servicePort}`, metricsPath, interval: t.interval && duration(`targets[${i}].interval`, t.interval) };
    });

    const prometheusConfig = renderPrometheusConfig({ scrapeInterval, environment: Environment.of(scope).name, selfTarget: `localhost:${port}`, jobs });
    const config = new AppConfig(scope, `${id}Config`, { name: `${name}-config`, data: { [CONFIG_FILE]: prometheusConfig }, component: 'monitoring' });
    const storage = props.storage ?? { tier: 'bulk', size: '50Gi' };
    const data = new SharedVolume(scope, `${id}Data`, { name: `${name}-data`, tier: storage.tier, size: storage.size });
    const configPath = `${CONFIG_DIR}/${CONFIG_FILE}`;
    super(scope, id, {
      name: props.name,
      image: { repository: 'prom/prometheus', tag: props.version ?? 'v2.54.1' },
      command: [
        '/bin/prometheus',
        `--config.file=${configPath}`,
        `--storage.tsdb.path=${DATA_DIR}`,
        `--storage.tsdb.retention.time=${retention}`,
        `--web.listen-address=:${port}`,
      ],
      component: 'monitoring',
      replicas: 1,
      runAsUser: 65534,
      configMounts: [{ config, path: CONFIG_DIR }],
      volumes: [{ volume: data, path: DATA_DIR }],
      talksTo: (props.targets ?? []).map((t) => t.endpoint),
      liveness: Probe.http('/-/healthy', 'http', { periodSeconds: 20 }),
      resources: props.resources ?? { cpu: '200m', memory: '512Mi', memoryLimit: '1Gi' },
    }, { serving: { containerPort: port, portName: 'http', healthPath: '/-/ready' } });
    this.config = config;
    this.prometheusConfig = prometheusConfig;
    this.configPath = configPath;
    this.data = data;
  }
}
