import { Construct } from 'constructs';
import { AppConfig } from '../app-config/app-config';
import { absolutePathProblem, propError, unprivilegedPortProblem, urlPathProblem, wholeNumberProblem } from '../common/prop-error';
import { Workload } from '../workload/workload';
import { StaticSiteProps } from './static-site-props';

const CONFIG_DIR = '/etc/nginx/shipyard';
const CONFIG_FILE = 'nginx.conf';

/**
 * Static files served by nginx, with its whole `nginx.conf` written by the construct and passed on
 * the command line (`nginx -e stderr -g 'daemon off;' -c ...`): the image's configuration, which
 * listens on port 80 and writes under `/var/cache/nginx` and `/var/run`, does not apply.
 *
 * The configuration listens on an unprivileged port, keeps its pid and temporary files in `/tmp`
 * (the only writable path), logs to stdout/stderr, answers `healthPath` itself, serves files
 * below `root` (404 for anything else, never a directory listing) with a `Cache-Control` max-age.
 * Scalable, like a WebService.
 *
 * @example
 * new StaticSite(chart, 'static', { image: { repository: 'shop-static', tag: '1.0.0' }, volumes: [{ volume: assets, path: '/usr/share/nginx/html/static', readOnly: true }] });
 */
export class StaticSite extends Workload {
  /** The ConfigMap holding `nginx.conf`. */
  public readonly config: AppConfig;
  /** `nginx.conf`, as written into the ConfigMap. */
  public readonly nginxConfig: string;
  /** Path of `nginx.conf` inside the container. */
  public readonly configPath: string;

  constructor(scope: Construct, id: string, props: StaticSiteProps = {}) {
    const name = props.name ?? id;
    const fail = (field: string, message: string) => propError(scope, id, field, message);
    const port = props.port ?? 8080;
    const root = props.root ?? '/usr/share/nginx/html';
    const healthPath = props.healthPath ?? '/healthz';
    const maxAge = props.maxAgeSeconds ?? 86400;
    const problems = { port: unprivilegedPortProblem(port), root: absolutePathProblem(root), healthPath: urlPathProblem(healthPath), maxAgeSeconds: wholeNumberProblem(maxAge, 0) };
    for (const [field, problem] of Object.entries(problems)) if (problem) throw fail(field, problem);
    const nginxConfig = [
      'worker_processes auto;',
      'pid /tmp/nginx.pid;',
      'error_log stderr warn;',
      '',
      'events {',
      '  worker_connections 1024;',
      '}',
      '',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log /dev/stdout;',
      '  sendfile on;',
      '  server_tokens off;',
      '  client_body_temp_path /tmp/client_temp;',
      '  proxy_temp_path /tmp/proxy_temp;',
      '  fastcgi_temp_path /tmp/fastcgi_temp;',
      '  uwsgi_temp_path /tmp/uwsgi_temp;',
      '  scgi_temp_path /tmp/scgi_temp;',
      '',
      '  server {',
      `    listen ${port};`,
      `    root ${root};`,
      `    location = ${healthPath} {`,
      '      access_log off;',
      '      default_type text/plain;',
      '      return 200 "ok\\n";',
      '    }',
      '    location / {',
      '      try_files $uri =404;',
      ...(maxAge > 0 ? [`      add_header Cache-Control "public, max-age=${maxAge}";`] : []),
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const config = new AppConfig(scope, `${id}Config`, { name: `${name}-config`, data: { [CONFIG_FILE]: nginxConfig }, component: props.component ?? 'app' });
    const configPath = `${CONFIG_DIR}/${CONFIG_FILE}`;
    super(scope, id, {
      ...props,
      image: props.image ?? { repository: 'nginx', tag: '1.25.3' },
      scalable: props.scalable ?? true,
      command: ['nginx', '-e', 'stderr', '-g', 'daemon off;', '-c', configPath],
      configMounts: [{ config, path: CONFIG_DIR }, ...(props.configMounts ?? [])],
    }, { serving: { containerPort: port, portName: 'http', healthPath } });
    this.config = config;
    this.nginxConfig = nginxConfig;
    this.configPath = configPath;
  }
}
