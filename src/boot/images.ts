/**
 * What each image the library's constructs and the reference platform use runs, reproduced with
 * programs from Debian's packages: the image's ENTRYPOINT, CMD, ENV and WORKDIR as its Dockerfile sets
 * them for the pinned tag, the behaviour of its entrypoint script, and the image paths the programs
 * are found at (bind mounts of Debian's files or of a stand-in's files).
 *
 * Sources read (docker-library and varnish/docker-varnish on GitHub):
 * - haproxy 2.8 `docker-entrypoint.sh`: a first argument starting with `-` gets `haproxy` prepended;
 *   `haproxy ...` becomes `haproxy -W -db ...`. CMD `haproxy -f /usr/local/etc/haproxy/haproxy.cfg`.
 * - varnish 7.4 `docker-varnish-entrypoint`: no arguments or a first argument starting with `-` gets
 *   `varnishd -F -f $VARNISH_VCL_FILE -a http=:${VARNISH_HTTP_PORT:-80},HTTP -a proxy=:${VARNISH_PROXY_PORT:-8443},PROXY
 *   -p feature=+http2 -s malloc,$VARNISH_SIZE` prepended (the `:80` bind the issue describes).
 * - redis 7.2 `docker-entrypoint.sh`: a first argument starting with `-` or ending in `.conf` gets
 *   `redis-server` prepended; umask 0077 when it is 0022.
 * - rabbitmq 3.12 `docker-entrypoint.sh`: refuses deprecated RABBITMQ_* variables, then `exec "$@"`;
 *   `10-defaults.conf` sets `log.console = true` but leaves file logging on (`/var/log/rabbitmq`).
 * - mysql 8.0 `docker-entrypoint.sh`: initialises an empty datadir, creates MYSQL_DATABASE/MYSQL_USER,
 *   then execs `mysqld` (reproduced by the `mysql` stand-in script with MariaDB).
 *
 * Debian's versions differ from the pinned tags (e.g. HAProxy 2.6 for 2.8, Varnish 7.1 for 7.4,
 * RabbitMQ 3.10 for 3.12, Redis 7.0 for 7.2, MariaDB 10.11 for MySQL 8.0): the boot proves the
 * manifests (commands, files, users, mounts, ports, probes), not the exact upstream release.
 */

/** A file or directory made visible at an image path inside the container. */
export interface ImageBind {
  /** Path inside the container. */
  readonly path: string;
  /** Absolute path on this machine (a Debian package's files); a `*` matches the one installed version. */
  readonly host?: string;
  /** Path below `src/boot/stand-ins/`. */
  readonly standIn?: string;
}

/** An account of an image. */
export interface ImageUser {
  readonly name: string;
  readonly uid: number;
  readonly home: string;
}

/** How one image runs here. */
export interface ImageRuntime {
  /** `program`: the image's own program from Debian; `stand-in`: a documented substitute. */
  readonly kind: 'program' | 'stand-in';
  /** What runs, for the report (e.g. `Debian redis-server 7.0`). */
  readonly runs: string;
  /** The image's ENTRYPOINT. */
  readonly entrypoint: readonly string[];
  /** The image's CMD. */
  readonly cmd: readonly string[];
  /** The image's ENV (the container's `env` overrides it). */
  readonly env: Readonly<Record<string, string>>;
  /** The image's WORKDIR. */
  readonly workingDir: string;
  /** Image paths emulated with bind mounts. */
  readonly binds: readonly ImageBind[];
  /**
   * Accounts the image's `/etc/passwd` has (added to this machine's for the container).
   * @default - this machine's accounts only
   */
  readonly users?: readonly ImageUser[];
  /**
   * The image's entrypoint script, when the ENTRYPOINT is one: given the arguments it receives and the
   * container's environment, the argv it finally execs (or an error it exits with).
   */
  readonly entrypointScript?: { readonly name: string; readonly exec: (args: string[], env: Readonly<Record<string, string>>) => string[] };
}

const DEBIAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const startsWithDash = (args: string[]) => args.length > 0 && args[0].startsWith('-');

/** Images keyed by repository (the path below the registry, e.g. `prom/prometheus`). */
export const IMAGES: Readonly<Record<string, ImageRuntime>> = {
  haproxy: {
    kind: 'program', runs: 'Debian haproxy',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['haproxy', '-f', '/usr/local/etc/haproxy/haproxy.cfg'],
    env: { PATH: DEBIAN_PATH }, workingDir: '/var/lib/haproxy', binds: [], users: [{ name: 'haproxy', uid: 99, home: '/var/lib/haproxy' }],
    entrypointScript: {
      name: 'docker-entrypoint.sh',
      exec: (args) => {
        let argv = startsWithDash(args) ? ['haproxy', ...args] : args;
        if (argv[0] === 'haproxy') argv = ['haproxy', '-W', '-db', ...argv.slice(1)];
        return argv;
      },
    },
  },
  varnish: {
    kind: 'program', runs: 'Debian varnishd',
    entrypoint: ['/usr/local/bin/docker-varnish-entrypoint'], cmd: [],
    env: { PATH: DEBIAN_PATH, VARNISH_SIZE: '100M' }, workingDir: '/etc/varnish', binds: [], users: [{ name: 'varnish', uid: 1000, home: '/nonexistent' }],
    entrypointScript: {
      name: '/usr/local/bin/docker-varnish-entrypoint',
      exec: (args, env) =>
        args.length === 0 || startsWithDash(args)
          ? ['varnishd', '-F', '-f', env.VARNISH_VCL_FILE || '/etc/varnish/default.vcl',
            '-a', `http=:${env.VARNISH_HTTP_PORT || '80'},HTTP`, '-a', `proxy=:${env.VARNISH_PROXY_PORT || '8443'},PROXY`,
            '-p', 'feature=+http2', '-s', `malloc,${env.VARNISH_SIZE ?? ''}`, ...args]
          : args,
    },
  },
  redis: {
    kind: 'program', runs: 'Debian redis-server',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'],
    env: { PATH: DEBIAN_PATH }, workingDir: '/data', binds: [], users: [{ name: 'redis', uid: 999, home: '/home/redis' }],
    entrypointScript: {
      name: 'docker-entrypoint.sh',
      exec: (args) => (startsWithDash(args) || (args[0] ?? '').endsWith('.conf') ? ['redis-server', ...args] : args),
    },
  },
  rabbitmq: {
    kind: 'program', runs: 'Debian rabbitmq-server',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['rabbitmq-server'],
    env: {
      PATH: `/opt/rabbitmq/sbin:${DEBIAN_PATH}`, RABBITMQ_DATA_DIR: '/var/lib/rabbitmq', RABBITMQ_HOME: '/opt/rabbitmq',
      HOME: '/var/lib/rabbitmq', LANG: 'C.UTF-8', LANGUAGE: 'C.UTF-8', LC_ALL: 'C.UTF-8',
    },
    workingDir: '/',
    users: [{ name: 'rabbitmq', uid: 999, home: '/var/lib/rabbitmq' }],
    binds: [
      { path: '/opt/rabbitmq', host: '/usr/lib/rabbitmq/lib/rabbitmq_server-*' },
      { path: '/etc/rabbitmq', standIn: 'rabbitmq/etc' },
    ],
    entrypointScript: {
      name: 'docker-entrypoint.sh',
      exec: (args, env) => {
        const deprecated = ['RABBITMQ_DEFAULT_PASS_FILE', 'RABBITMQ_DEFAULT_USER_FILE', 'RABBITMQ_SSL_CERTFILE', 'RABBITMQ_SSL_KEYFILE', 'RABBITMQ_VM_MEMORY_HIGH_WATERMARK'];
        const set = deprecated.filter((name) => env[name]);
        if (set.length) throw new Error(`error: ${set.join(', ')} is set but deprecated (docker-entrypoint.sh exits 1)`);
        return args;
      },
    },
  },
  mysql: {
    kind: 'stand-in', runs: 'MariaDB (Debian mariadbd) standing in for MySQL 8.0, initialised like the mysql image',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['mysqld'],
    env: { PATH: DEBIAN_PATH }, workingDir: '/', users: [{ name: 'mysql', uid: 999, home: '/var/lib/mysql' }],
    binds: [
      { path: '/usr/local/bin/docker-entrypoint.sh', standIn: 'mysql/docker-entrypoint.sh' },
      { path: '/etc/mysql/mariadb.conf.d/99-mysql-image.cnf', standIn: 'mysql/boot.cnf' },
    ],
  },
  'alpine/openssl': {
    kind: 'program', runs: 'Debian openssl',
    entrypoint: ['openssl'], cmd: [],
    env: { PATH: DEBIAN_PATH }, workingDir: '/', binds: [],
  },
  'prom/prometheus': {
    kind: 'program', runs: 'Debian prometheus',
    entrypoint: ['/bin/prometheus'],
    cmd: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus', '--web.console.libraries=/usr/share/prometheus/console_libraries', '--web.console.templates=/usr/share/prometheus/consoles'],
    env: { PATH: DEBIAN_PATH }, workingDir: '/prometheus', binds: [],
  },
  'grafana/grafana': {
    kind: 'stand-in', runs: 'nginx standing in for Grafana (not in Debian): /api/health, and Prometheus through /api/datasources/proxy/',
    entrypoint: ['/run.sh'], cmd: [],
    env: { PATH: DEBIAN_PATH, GF_PATHS_DATA: '/var/lib/grafana', GF_PATHS_PROVISIONING: '/etc/grafana/provisioning' }, workingDir: '/usr/share/grafana',
    users: [{ name: 'grafana', uid: 472, home: '/home/grafana' }],
    binds: [{ path: '/run.sh', standIn: 'grafana/run.sh' }, { path: '/etc/grafana/nginx.conf', standIn: 'grafana/nginx.conf' }],
  },
  prerender: {
    kind: 'stand-in', runs: 'nginx standing in for prerender: fetches the page from PRERENDER_TARGET and marks it rendered',
    entrypoint: ['/usr/local/bin/prerender'], cmd: [],
    env: { PATH: DEBIAN_PATH }, workingDir: '/',
    binds: [{ path: '/usr/local/bin/prerender', standIn: 'prerender/prerender' }, { path: '/etc/prerender/nginx.conf.in', standIn: 'prerender/nginx.conf.in' }],
  },
  'shop-web': {
    kind: 'stand-in', runs: 'Debian Apache httpd with the httpd image layout (bin/, modules/, conf/), the shop page through PHP-FPM',
    entrypoint: [], cmd: ['httpd-foreground'],
    env: { PATH: `/usr/local/apache2/bin:${DEBIAN_PATH}`, HTTPD_PREFIX: '/usr/local/apache2' }, workingDir: '/usr/local/apache2',
    binds: [
      { path: '/usr/local/apache2/bin', standIn: 'shop-web/bin' },
      { path: '/usr/local/apache2/modules', host: '/usr/lib/apache2/modules' },
      { path: '/usr/local/apache2/conf/mime.types', host: '/etc/mime.types' },
      { path: '/usr/local/apache2/conf/httpd.conf', standIn: 'shop-web/httpd.conf' },
      { path: '/var/www/html', standIn: 'shop-app/html' },
    ],
  },
  'shop-php': {
    kind: 'stand-in', runs: 'Debian PHP-FPM with the php image layout, running a page that uses the sessions Redis and MySQL',
    entrypoint: ['docker-php-entrypoint'], cmd: ['php-fpm'],
    env: { PATH: DEBIAN_PATH, PHP_INI_DIR: '/usr/local/etc/php' }, workingDir: '/var/www/html',
    binds: [
      { path: '/usr/local/sbin/php-fpm', standIn: 'shop-php/php-fpm' },
      { path: '/usr/local/etc/php-fpm.conf', standIn: 'shop-php/php-fpm.conf' },
      { path: '/usr/local/etc/php-fpm.d/www.conf', standIn: 'shop-php/www.conf' },
      { path: '/var/www/html', standIn: 'shop-app/html' },
    ],
    entrypointScript: { name: 'docker-php-entrypoint', exec: (args) => (startsWithDash(args) ? ['php-fpm', ...args] : args) },
  },
  'shop-static': {
    kind: 'stand-in', runs: 'Debian nginx with the nginx image layout, serving /usr/share/nginx/html',
    entrypoint: [], cmd: ['nginx', '-g', 'daemon off;'],
    env: { PATH: DEBIAN_PATH }, workingDir: '/',
    binds: [{ path: '/etc/nginx/nginx.conf', standIn: 'shop-static/nginx.conf' }, { path: '/usr/share/nginx/html/healthz', standIn: 'shop-static/healthz' }],
  },
  'shop-checkout': phpService('checkout'),
  'shop-api': phpService('api'),
  'shop-admin': phpService('admin'),
  'shop-worker': {
    kind: 'stand-in', runs: 'a shell worker consuming its RabbitMQ queue with amqp-tools',
    entrypoint: ['shop-worker'], cmd: [],
    env: { PATH: DEBIAN_PATH }, workingDir: '/',
    binds: [{ path: '/usr/local/bin/shop-worker', standIn: 'shop-worker/shop-worker' }],
  },
  'cloud-sql-connectors/cloud-sql-proxy': {
    kind: 'stand-in', runs: 'socat forwarding the proxy port to the boot\'s MariaDB standing in for Cloud SQL, health on --http-port',
    entrypoint: ['/cloud-sql-proxy'], cmd: [],
    env: { PATH: DEBIAN_PATH }, workingDir: '/',
    binds: [{ path: '/cloud-sql-proxy', standIn: 'cloud-sql-proxy/cloud-sql-proxy' }, { path: '/usr/local/bin/cloud-sql-proxy-health', standIn: 'cloud-sql-proxy/health' }],
  },
};

function phpService(name: string): ImageRuntime {
  return {
    kind: 'stand-in', runs: `PHP's built-in web server running the ${name} stand-in (/healthz checks its database and Redis)`,
    entrypoint: [], cmd: ['php', '-S', '0.0.0.0:8080', '-t', '/srv/app', '/srv/app/router.php'],
    env: { PATH: DEBIAN_PATH, SHOP_SERVICE: name }, workingDir: '/srv/app',
    binds: [{ path: '/srv/app', standIn: 'shop-service' }],
  };
}

/** The repository part of an image reference, with the registry and tag removed, that names a known image. */
export function imageRepository(image: string): string | undefined {
  const noTag = image.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[^/:]+$/, '');
  const parts = noTag.split('/');
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join('/');
    if (IMAGES[candidate]) return candidate;
  }
  return undefined;
}
