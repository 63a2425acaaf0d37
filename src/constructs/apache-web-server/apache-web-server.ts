import { Construct } from 'constructs';
import { AppConfig } from '../app-config/app-config';
import { absolutePathProblem, propError, unprivilegedPortProblem } from '../common/prop-error';
import { Workload } from '../workload/workload';
import { ApacheWebServerProps } from './apache-web-server-props';

const CONFIG_FILE = 'httpd.conf';

/** Loads a module unless the server has it compiled in (Debian builds unixd and log_config in). */
const loadModule = (module: string, file: string) => [`<IfModule !${module}_module>`, `  LoadModule ${module}_module modules/${file}`, '</IfModule>'];

/**
 * Apache httpd serving static files and handing PHP to a {@link PhpFpm} over FastCGI, with its
 * whole `httpd.conf` written by the construct and passed on the command line
 * (`httpd -DFOREGROUND -f ...`): the image's `httpd.conf` does not apply.
 *
 * The configuration loads only the modules it uses (event MPM, mime, dir, proxy_fcgi), listens on
 * an unprivileged port, keeps its pid and runtime files in `/tmp`, logs to stdout/stderr, denies
 * everything outside the document root, and proxies `*.php` (and `/` through `/index.php`) to the
 * PHP-FPM Service by its typed name, port and document root. The PHP-FPM pods admit this workload.
 *
 * @example
 * new ApacheWebServer(chart, 'web', { image: { repository: 'shop-web', tag: '1.0.0' }, php, healthPath: '/healthz' });
 */
export class ApacheWebServer extends Workload {
  /** The ConfigMap holding `httpd.conf`. */
  public readonly config: AppConfig;
  /** `httpd.conf`, as written into the ConfigMap. */
  public readonly httpdConfig: string;
  /** Path of `httpd.conf` inside the container. */
  public readonly configPath: string;

  constructor(scope: Construct, id: string, props: ApacheWebServerProps) {
    const name = props.name ?? id;
    const fail = (field: string, message: string) => propError(scope, id, field, message);
    const port = props.port ?? 8080;
    const documentRoot = props.documentRoot ?? '/var/www/html';
    const serverRoot = props.serverRoot ?? '/usr/local/apache2';
    const problems = { port: unprivilegedPortProblem(port), documentRoot: absolutePathProblem(documentRoot), serverRoot: absolutePathProblem(serverRoot) };
    for (const [field, problem] of Object.entries(problems)) if (problem) throw fail(field, problem);
    const php = props.php;
    const lines = [
      `ServerRoot "${serverRoot}"`,
      `Listen ${port}`,
      'LoadModule mpm_event_module modules/mod_mpm_event.so',
      'LoadModule authz_core_module modules/mod_authz_core.so',
      ...loadModule('unixd', 'mod_unixd.so'),
      ...loadModule('log_config', 'mod_log_config.so'),
      'LoadModule mime_module modules/mod_mime.so',
      'LoadModule dir_module modules/mod_dir.so',
      ...(php ? ['LoadModule proxy_module modules/mod_proxy.so', 'LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so'] : []),
      '',
      'ServerName localhost',
      'ServerTokens Prod',
      'ServerSignature Off',
      'PidFile /tmp/httpd.pid',
      'DefaultRuntimeDir /tmp',
      'ErrorLog /proc/self/fd/2',
      'LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined',
      'CustomLog /proc/self/fd/1 combined',
      'TypesConfig conf/mime.types',
      '',
      '<Directory />',
      '  AllowOverride None',
      '  Require all denied',
      '</Directory>',
      `DocumentRoot "${documentRoot}"`,
      `<Directory "${documentRoot}">`,
      '  Options FollowSymLinks',
      '  AllowOverride None',
      '  Require all granted',
      '</Directory>',
    ];
    if (php) {
      lines.push(
        // A URL in DirectoryIndex is a sub-request, so / reaches PHP-FPM without a local index.php.
        'DirectoryIndex /index.php index.html',
        'ProxyFCGIBackendType FPM',
        `ProxyPassMatch "^/(.*\\.php(/.*)?)$" "fcgi://${php.serviceName}:${php.servicePort}${php.documentRoot}/$1"`,
      );
    } else {
      lines.push('DirectoryIndex index.html');
    }
    lines.push('');
    const httpdConfig = lines.join('\n');
    const configDir = `${serverRoot}/conf/shipyard`;
    const config = new AppConfig(scope, `${id}Config`, { name: `${name}-config`, data: { [CONFIG_FILE]: httpdConfig }, component: props.component ?? 'app' });
    const configPath = `${configDir}/${CONFIG_FILE}`;
    super(scope, id, {
      ...props,
      scalable: props.scalable ?? true,
      command: ['httpd', '-DFOREGROUND', '-f', configPath],
      configMounts: [{ config, path: configDir }, ...(props.configMounts ?? [])],
      talksTo: [...(php ? [php] : []), ...(props.talksTo ?? [])],
    }, { serving: { containerPort: port, portName: 'http', healthPath: props.healthPath } });
    this.config = config;
    this.httpdConfig = httpdConfig;
    this.configPath = configPath;
  }
}
