import { Construct } from 'constructs';
import { AppConfig } from '../app-config/app-config';
import { absolutePathProblem, propError, wholeNumberProblem } from '../common/prop-error';
import { Workload } from '../workload/workload';
import { PhpFpmProps } from './php-fpm-props';

const CONFIG_DIR = '/usr/local/etc/shipyard';
const CONFIG_FILE = 'php-fpm.conf';

/**
 * PHP-FPM serving a PHP application over FastCGI, with its whole FPM configuration written by the
 * construct and passed on the command line (`php-fpm --nodaemonize --fpm-config ...`), so the
 * image's own pool files do not apply.
 *
 * The pool listens on `port`, keeps the container's environment (`clear_env = no`: without it PHP
 * never sees `DB_HOST` and the other variables the workload is given), logs to stderr, restarts
 * workers after `maxRequests`, kills requests after `requestTimeoutSeconds`, and answers FPM's ping
 * and status paths (`/fpm-ping`, `/fpm-status`) for FastCGI monitoring. Scalable, like a
 * WebService.
 *
 * @example
 * const php = new PhpFpm(chart, 'php-fpm', { image: { repository: 'shop-php', tag: '1.0.0' }, database: db, maxChildren: 10 });
 * new ApacheWebServer(chart, 'web', { image: { repository: 'shop-web', tag: '1.0.0' }, php });
 */
export class PhpFpm extends Workload {
  /** The ConfigMap holding `php-fpm.conf`. */
  public readonly config: AppConfig;
  /** `php-fpm.conf`, as written into the ConfigMap. */
  public readonly fpmConfig: string;
  /** Path of `php-fpm.conf` inside the container. */
  public readonly configPath: string;
  /** Directory of the PHP application inside the image. */
  public readonly documentRoot: string;

  constructor(scope: Construct, id: string, props: PhpFpmProps) {
    const name = props.name ?? id;
    const fail = (field: string, message: string) => propError(scope, id, field, message);
    const port = props.port ?? 9000;
    const documentRoot = props.documentRoot ?? '/var/www/html';
    const maxChildren = props.maxChildren ?? 20;
    const maxRequests = props.maxRequests ?? 500;
    const timeout = props.requestTimeoutSeconds ?? 60;
    const problems = {
      documentRoot: absolutePathProblem(documentRoot),
      maxChildren: wholeNumberProblem(maxChildren, 1),
      maxRequests: wholeNumberProblem(maxRequests, 1),
      requestTimeoutSeconds: wholeNumberProblem(timeout, 1),
    };
    for (const [field, problem] of Object.entries(problems)) if (problem) throw fail(field, problem);
    // Spare workers as php-fpm requires: min_spare <= start_servers <= max_spare <= max_children.
    const minSpare = Math.max(1, Math.floor(maxChildren / 10));
    const maxSpare = Math.max(minSpare, Math.floor(maxChildren / 4));
    const start = Math.floor((minSpare + maxSpare) / 2);
    const fpmConfig = [
      '[global]',
      'error_log = /proc/self/fd/2',
      'log_limit = 8192',
      'daemonize = no',
      '',
      '[www]',
      `listen = ${port}`,
      'pm = dynamic',
      `pm.max_children = ${maxChildren}`,
      `pm.start_servers = ${start}`,
      `pm.min_spare_servers = ${minSpare}`,
      `pm.max_spare_servers = ${maxSpare}`,
      `pm.max_requests = ${maxRequests}`,
      'pm.status_path = /fpm-status',
      'ping.path = /fpm-ping',
      `request_terminate_timeout = ${timeout}s`,
      `chdir = ${documentRoot}`,
      'clear_env = no',
      'catch_workers_output = yes',
      'decorate_workers_output = no',
      'access.log = /proc/self/fd/2',
      '',
    ].join('\n');
    const config = new AppConfig(scope, `${id}Config`, { name: `${name}-config`, data: { [CONFIG_FILE]: fpmConfig }, component: props.component ?? 'app' });
    const configPath = `${CONFIG_DIR}/${CONFIG_FILE}`;
    super(scope, id, {
      ...props,
      scalable: props.scalable ?? true,
      command: ['php-fpm', '--nodaemonize', '--fpm-config', configPath],
      configMounts: [{ config, path: CONFIG_DIR }, ...(props.configMounts ?? [])],
    }, { serving: { containerPort: port, portName: 'fastcgi' } });
    this.config = config;
    this.fpmConfig = fpmConfig;
    this.configPath = configPath;
    this.documentRoot = documentRoot;
  }
}
