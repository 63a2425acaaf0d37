import type { PhpFpm } from '../php-fpm/php-fpm';
import { WorkloadProps } from '../workload/workload-props';

/** Properties of an {@link ApacheWebServer}. */
export interface ApacheWebServerProps extends Omit<WorkloadProps, 'command' | 'args'> {
  /**
   * Port Apache listens on (unprivileged) and the Service exposes.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Static files inside the image.
   * @default '/var/www/html'
   */
  readonly documentRoot?: string;
  /**
   * PHP-FPM that runs `*.php` (and `/`, through `/index.php`).
   * @default - no PHP: static files only
   */
  readonly php?: PhpFpm;
  /**
   * HTTP path that answers 200 when the server can take traffic (readiness).
   * @default - a TCP check of the port
   */
  readonly healthPath?: string;
  /**
   * Apache's ServerRoot in the image (the official `httpd` image layout: `modules/`, `conf/mime.types`).
   * @default '/usr/local/apache2'
   */
  readonly serverRoot?: string;
}
