import * as yaml from 'js-yaml';
import { Construct } from 'constructs';
import { AppConfig } from '../app-config/app-config';
import { propError } from '../common/prop-error';
import { SharedVolume } from '../shared-volume/shared-volume';
import { Workload } from '../workload/workload';
import { GrafanaProps } from './grafana-props';

const DATASOURCES_DIR = '/etc/grafana/provisioning/datasources';
const DATASOURCES_FILE = 'datasources.yaml';

/**
 * Grafana with its Prometheus data source provisioned from the Prometheus workload it is given
 * (Service name and port, so they cannot disagree), the admin password from a Secret, and its
 * database on a ReadWriteOnce claim (`<name>-data`, one replica). Readiness on `/api/health`.
 *
 * @example
 * new Grafana(chart, 'grafana', { prometheus, adminPassword: { secret: grafanaSecret, key: 'admin-password' }, rootUrl: 'https://ops.shop.example/' });
 */
export class Grafana extends Workload {
  /** The ConfigMap holding the data source provisioning file. */
  public readonly datasources: AppConfig;
  /** The provisioning file, as written into the ConfigMap. */
  public readonly datasourcesConfig: string;
  /** The claim holding Grafana's database. */
  public readonly data: SharedVolume;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    const name = props.name ?? id;
    const port = props.port ?? 3000;
    if (props.rootUrl !== undefined && !/^https?:\/\/[^\s"]+\/$/.test(props.rootUrl)) {
      throw propError(scope, id, 'rootUrl', `"${props.rootUrl}" must be an http(s) URL ending in /`);
    }
    const datasourcesConfig = yaml.dump(
      {
        apiVersion: 1,
        datasources: [
          {
            name: 'Prometheus',
            type: 'prometheus',
            uid: 'prometheus',
            access: 'proxy',
            url: `http://${props.prometheus.serviceName}:${props.prometheus.servicePort}`,
            isDefault: true,
            editable: false,
          },
        ],
      },
      { lineWidth: -1, noRefs: true },
    );
    const datasources = new AppConfig(scope, `${id}Datasources`, { name: `${name}-datasources`, data: { [DATASOURCES_FILE]: datasourcesConfig }, component: 'monitoring' });
    const data = new SharedVolume(scope, `${id}Data`, { name: `${name}-data`, tier: 'bulk', size: props.storageSize ?? '5Gi' });
    super(scope, id, {
      name: props.name,
      image: { repository: 'grafana/grafana', tag: props.version ?? '10.4.2' },
      component: 'monitoring',
      replicas: 1,
      runAsUser: 472,
      // Log to stdout only: the default also writes /var/log/grafana, which is read-only here.
      env: { GF_SERVER_HTTP_PORT: String(port), GF_LOG_MODE: 'console', ...(props.rootUrl ? { GF_SERVER_ROOT_URL: props.rootUrl } : {}) },
      secretEnv: { GF_SECURITY_ADMIN_PASSWORD: props.adminPassword },
      configMounts: [{ config: datasources, path: DATASOURCES_DIR }],
      volumes: [{ volume: data, path: '/var/lib/grafana' }],
      talksTo: [props.prometheus],
      resources: props.resources,
    }, { serving: { containerPort: port, portName: 'http', healthPath: '/api/health' } });
    this.datasources = datasources;
    this.datasourcesConfig = datasourcesConfig;
    this.data = data;
  }
}
