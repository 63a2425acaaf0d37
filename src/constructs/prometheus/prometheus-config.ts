import * as yaml from 'js-yaml';

/** One scrape job, already validated. */
export interface ScrapeJob {
  readonly jobName: string;
  readonly target: string;
  readonly metricsPath: string;
  readonly interval?: string;
}

/**
 * `prometheus.yml`: global intervals, the environment as an external label (so series stay
 * apart when several environments feed one Grafana or a remote store), Prometheus itself, and one
 * job per scraped workload on its Service.
 */
export function renderPrometheusConfig(opts: { scrapeInterval: string; environment: string; selfTarget: string; jobs: readonly ScrapeJob[] }): string {
  const config = {
    global: { scrape_interval: opts.scrapeInterval, evaluation_interval: opts.scrapeInterval, external_labels: { environment: opts.environment } },
    scrape_configs: [
      { job_name: 'prometheus', static_configs: [{ targets: [opts.selfTarget] }] },
      ...opts.jobs.map((j) => ({
        job_name: j.jobName,
        ...(j.interval ? { scrape_interval: j.interval } : {}),
        metrics_path: j.metricsPath,
        static_configs: [{ targets: [j.target] }],
      })),
    ],
  };
  return yaml.dump(config, { lineWidth: -1, noRefs: true });
}
