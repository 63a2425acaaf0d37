import { Construct } from 'constructs';
import { ApacheWebServer, AppConfig, EdgeProxy, Environment, Grafana, HttpCache, MessageQueue, MigrationJob, MySqlDatabase, PhpFpm, Probe, Prometheus, RedisCache, SecretReference, SessionStore, SharedVolume, StaticSite, WebService, Worker } from '@shipyard/k8s';

/** Release of the shop's own images. */
const SHOP_VERSION = '1.0.0';
const shopImage = (repository: string) => ({ repository, tag: SHOP_VERSION });
/** User agents of the search and link-preview crawlers that get prerendered pages. */
const CRAWLERS = 'googlebot|bingbot|yandex|baiduspider|duckduckbot|applebot|facebookexternalhit|twitterbot|linkedinbot|slackbot|whatsapp';

/**
 * The reference platform: the web shop of the seed (a PHP shop moved from 17 bare-metal servers),
 * composed from the library's constructs. Everything that differs between environments comes from
 * the profile; this file never asks which environment it is in.
 *
 * Traffic: HAProxy (TLS edge) → Varnish → Apache (web) → PHP-FPM → checkout / API services, with
 * prerender and static assets behind Varnish; RabbitMQ feeds three workers; Redis for cache and for
 * sessions; MySQL (in-cluster or Cloud SQL); Prometheus and Grafana.
 */
export class ShopPlatform extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const env = Environment.of(this);
    const domain = env.profile.domain;
    const common = { SHOP_DOMAIN: domain, SHOP_ENVIRONMENT: env.name };

    // Data services.
    const db = new MySqlDatabase(this, 'database');
    const queue = new MessageQueue(this, 'rabbitmq');
    const cache = new RedisCache(this, 'redis-cache', { maxMemory: '256mb' });
    const sessions = new SessionStore(this, 'redis-sessions', { maxMemory: '256mb' });

    // Secrets (values never in the manifests outside laptops).
    const session = new SecretReference(this, 'session', { keys: ['secret-key'] });
    const mail = new SecretReference(this, 'mail', { keys: ['smtp-password', 'smtp-user'] });
    const payments = new SecretReference(this, 'payments', { keys: ['api-key', 'webhook-secret'] });
    const grafanaSecret = new SecretReference(this, 'grafana-credentials', { name: 'grafana', keys: ['admin-password'] });
    const tls = new SecretReference(this, 'tls', { name: 'shop-tls', keys: ['shop.pem'] });

    // Config.
    const config = (name: string, data: Record<string, string>) => new AppConfig(this, `${name}-config`, { data });
    const checkoutConfig = config('checkout', { ...common, PAYMENTS_CALLBACK_URL: `https://${domain}/checkout/callback` });
    const apiConfig = config('api', { ...common, API_BASE_URL: `https://${domain}/api` });
    const prerenderConfig = config('prerender', { ...common, PRERENDER_TARGET: 'http://varnish:8080' });

    // Volumes.
    const staticAssets = new SharedVolume(this, 'static-assets', { tier: 'bulk', size: '20Gi' });
    const uploads = new SharedVolume(this, 'uploads', { tier: 'bulk', size: '50Gi' });

    // Back end.
    const checkout = new WebService(this, 'checkout', {
      image: shopImage('shop-checkout'), port: 8080, healthPath: '/healthz', database: db, envFrom: [checkoutConfig],
      talksTo: [sessions, queue], egressTo: ['payments'],
      secretEnv: { PAYMENTS_API_KEY: { secret: payments, key: 'api-key' }, PAYMENTS_WEBHOOK_SECRET: { secret: payments, key: 'webhook-secret' } },
      resources: { cpu: '200m', memory: '256Mi', memoryLimit: '512Mi' },
    });
    const api = new WebService(this, 'api', {
      image: shopImage('shop-api'), port: 8080, healthPath: '/healthz', database: db, envFrom: [apiConfig], talksTo: [cache],
      resources: { cpu: '200m', memory: '256Mi', memoryLimit: '512Mi' },
    });
    const php = new PhpFpm(this, 'php-fpm', {
      image: shopImage('shop-php'), database: db, env: common,
      maxChildren: 12, // ~40 MiB per worker within the 512Mi limit
      talksTo: [cache, sessions, queue, checkout, api],
      secretEnv: { SESSION_SECRET: { secret: session, key: 'secret-key' } },
      resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi' },
    });
    // The release's schema migrations complete before the new version of the shop rolls out.
    new MigrationJob(this, 'shop-migrate', {
      image: shopImage('shop-php'), versionOf: 'php-fpm', command: ['php', '/var/www/html/bin/migrate.php'], database: db, env: common,
    });
    const web = new ApacheWebServer(this, 'web', { image: shopImage('shop-web'), healthPath: '/healthz', env: common, php });
    const admin = new WebService(this, 'admin', {
      image: shopImage('shop-admin'), port: 8080, healthPath: '/healthz', database: db, scalable: false, talksTo: [sessions],
      secretEnv: { SESSION_SECRET: { secret: session, key: 'secret-key' } },
    });
    const staticSite = new StaticSite(this, 'static', {
      image: shopImage('shop-static'), replicas: 1,
      volumes: [{ volume: staticAssets, path: '/usr/share/nginx/html/static', readOnly: true }],
    });
    const prerender = new WebService(this, 'prerender', {
      image: { repository: 'prerender', tag: '5.20.2' }, port: 3000, healthPath: '/health', scalable: false, envFrom: [prerenderConfig],
      resources: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
    });
    const varnish = new HttpCache(this, 'varnish', {
      defaultBackend: web,
      routes: [
        // Crawlers get pages rendered by prerender, which fetches them through varnish itself.
        { userAgent: CRAWLERS, excludeUserAgent: 'prerender', backend: prerender, fullUrlPath: true },
        { pathPrefix: '/static/', backend: staticSite },
      ],
    });
    varnish.allowFrom(prerender); // prerender renders pages by fetching them through varnish

    // Monitoring.
    const prometheus = new Prometheus(this, 'prometheus', {
      targets: [{ endpoint: web }, { endpoint: checkout }, { endpoint: api }],
      retention: '15d',
      storage: { tier: 'bulk', size: '50Gi' },
    });
    const grafana = new Grafana(this, 'grafana', {
      prometheus,
      adminPassword: { secret: grafanaSecret, key: 'admin-password' },
      rootUrl: `https://ops.${domain}/`,
    });

    // Edge.
    new EdgeProxy(this, 'haproxy', {
      defaultBackend: varnish,
      routes: [
        // Served only to the environment's network.adminSources: 403 to the rest of the internet.
        { host: `ops.${domain}`, backend: grafana, adminOnly: true },
        { host: `admin.${domain}`, backend: admin, adminOnly: true },
      ],
      tls: { secret: tls, key: 'shop.pem' },
    });

    // Workers fed by RabbitMQ.
    const amqp = { AMQP_HOST: queue.serviceName, AMQP_PORT: String(queue.servicePort) };
    const amqpSecrets = { AMQP_USER: { secret: queue.credentials, key: 'username' }, AMQP_PASSWORD: { secret: queue.credentials, key: 'password' } };
    const worker = (name: string, extra: Partial<ConstructorParameters<typeof Worker>[2]> = {}) =>
      new Worker(this, `worker-${name}`, {
        image: shopImage('shop-worker'), args: ['consume', name], env: { ...common, ...amqp }, talksTo: [queue],
        liveness: Probe.exec(['shop-worker', 'health'], { periodSeconds: 30, timeoutSeconds: 5 }),
        ...extra, secretEnv: { ...amqpSecrets, ...(extra.secretEnv ?? {}) },
      });
    worker('mail', { egressTo: ['smtp'], secretEnv: { SMTP_USER: { secret: mail, key: 'smtp-user' }, SMTP_PASSWORD: { secret: mail, key: 'smtp-password' } } });
    worker('orders', { database: db, scalable: true });
    worker('feeds', { database: db });
    worker('images', { replicas: 1, volumes: [{ volume: uploads, path: '/var/lib/shop/uploads' }], resources: { cpu: '250m', memory: '256Mi', memoryLimit: '1Gi' } });
  }
}
