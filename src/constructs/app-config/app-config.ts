import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { Environment } from '../../profiles/environment';
import { standardLabels } from '../common/labels';
import { AppConfigProps } from './app-config-props';

/**
 * Non-secret configuration as a ConfigMap, mounted as files or read as environment variables.
 *
 * @example
 * const cfg = new AppConfig(chart, 'varnish', { data: { 'default.vcl': vcl } });
 * new WebService(chart, 'varnish', { ..., configMounts: [{ config: cfg, path: '/etc/varnish' }] });
 */
export class AppConfig extends Construct {
  /** Name of the ConfigMap. */
  public readonly configMapName: string;
  /** The keys it holds. */
  public readonly keys: readonly string[];
  /** The ConfigMap. */
  public readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    const env = Environment.of(this);
    this.configMapName = props.name ?? id;
    this.keys = Object.keys(props.data).sort();
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: {
        name: this.configMapName,
        namespace: env.namespace,
        labels: standardLabels({ name: this.configMapName, partOf: env.project, component: props.component ?? 'config' }),
      },
      data: props.data,
    });
  }
}
