import { ContainerImage } from '../workload/container-options';
import { WorkloadProps } from '../workload/workload-props';

/** Properties of a {@link StaticSite}. */
export interface StaticSiteProps extends Omit<WorkloadProps, 'image' | 'command' | 'args'> {
  /**
   * An image with nginx and the files (the official `nginx` image layout: `/etc/nginx/mime.types`).
   * @default { repository: 'nginx', tag: '1.25.3' }
   */
  readonly image?: ContainerImage;
  /**
   * Port nginx listens on (unprivileged) and the Service exposes.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Directory served; a request for `/static/app.css` reads `<root>/static/app.css`.
   * @default '/usr/share/nginx/html'
   */
  readonly root?: string;
  /**
   * Path nginx answers itself with 200 (readiness probe, proxies' health checks).
   * @default '/healthz'
   */
  readonly healthPath?: string;
  /**
   * `Cache-Control: public, max-age=<seconds>` on every file; `0` sends no header.
   * @default 86400 (one day)
   */
  readonly maxAgeSeconds?: number;
}
