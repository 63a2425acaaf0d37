/**
 * A generated platform for scale benchmarks: N services (three in four WebServices, one in four
 * Workers) built from the library's constructs, with talksTo chains, a ConfigMap per service and a
 * secret per five services, on top of shared data services (MySQL, Redis, RabbitMQ) and an edge.
 *
 * The built-in profiles' node pools hold the reference shop, not a thousand services, so
 * {@link scaleProfiles} keeps each built-in profile and only grows `placement.nodeGroups[].maxNodes`
 * in proportion to N: the capacity check still runs and still has to pass.
 */
import { Construct } from 'constructs';
import { AppConfig } from '../src/constructs/app-config/app-config';
import { EdgeProxy } from '../src/constructs/edge-proxy/edge-proxy';
import { EnvironmentChart } from '../src/constructs/environment-chart/environment-chart';
import { MessageQueue } from '../src/constructs/message-queue/message-queue';
import { MySqlDatabase } from '../src/constructs/mysql-database/mysql-database';
import { RedisCache } from '../src/constructs/redis-cache/redis-cache';
import { SecretReference } from '../src/constructs/secret-reference/secret-reference';
import { WebService } from '../src/constructs/web-service/web-service';
import { Worker } from '../src/constructs/worker/worker';
import { IServiceEndpoint } from '../src/constructs/workload/workload-props';
import { Probe } from '../src/constructs/workload/container-options';
import { BUILTIN_PROFILES } from '../src/profiles/builtin-profiles';
import { EnvironmentProfile } from '../src/profiles/environment-profile';

/** Name of the i-th generated service (`svc-0007`). */
export const serviceName = (i: number): string => `svc-${String(i).padStart(4, '0')}`;

/** Whether the i-th generated service is a Worker (every fourth one) rather than a WebService. */
export const isWorker = (i: number): boolean => i % 4 === 3;

/** N generated services plus the shared data services and the edge. */
export class ScalePlatform extends Construct {
  /** The generated services, in order. */
  public readonly services: readonly Construct[];

  constructor(scope: Construct, id: string, count: number) {
    super(scope, id);
    if (!Number.isInteger(count) || count < 1) throw new Error(`ScalePlatform: service count must be a positive integer, not ${count}`);
    const db = new MySqlDatabase(this, 'database');
    const queue = new MessageQueue(this, 'rabbitmq');
    const cache = new RedisCache(this, 'redis-cache', { maxMemory: '256mb' });

    const services: Construct[] = [];
    let previousWeb: WebService | undefined;
    let secret: SecretReference | undefined;
    for (let i = 0; i < count; i++) {
      const name = serviceName(i);
      const config = new AppConfig(this, `${name}-config`, {
        data: { SERVICE_NAME: name, SERVICE_INDEX: String(i), 'app.properties': `name=${name}\nindex=${i}\nupstream=${previousWeb?.workloadName ?? 'none'}\n` },
      });
      if (i % 5 === 0) secret = new SecretReference(this, `${name}-secret`, { keys: ['api-key', 'token'] });
      const secretEnv = { API_KEY: { secret: secret!, key: 'api-key' } };
      const image = { repository: `scale/${name}`, tag: '1.0.0' };
      if (isWorker(i)) {
        // A worker consumes the queue and calls the last web service; every tenth uses the database.
        const talksTo: IServiceEndpoint[] = [queue];
        if (previousWeb) talksTo.push(previousWeb);
        services.push(
          new Worker(this, name, {
            image, args: ['consume', name], envFrom: [config], secretEnv, talksTo,
            database: i % 10 === 3 ? db : undefined,
            liveness: Probe.exec(['worker', 'health'], { periodSeconds: 30 }),
          }),
        );
      } else {
        // Web services form a chain: each one is called by the next, the first by the edge.
        const talksTo: IServiceEndpoint[] = previousWeb ? [previousWeb] : [];
        if (i % 10 === 0) talksTo.push(cache);
        const web = new WebService(this, name, {
          image, port: 8080, healthPath: '/healthz', envFrom: [config], secretEnv, talksTo,
          database: i % 10 === 1 ? db : undefined,
          configMounts: [{ config, path: '/etc/app' }],
        });
        previousWeb = web;
        services.push(web);
      }
    }
    // The edge calls the head of the web chain; every other web service is called by the next one.
    new EdgeProxy(this, 'edge', { defaultBackend: previousWeb!, tls: { secret: new SecretReference(this, 'edge-tls', { keys: ['tls.pem'] }), key: 'tls.pem' } });
    // Below four services there is no worker for the queue (nor, below two, a database user): add one.
    if (count < 4) new Worker(this, 'data-client', { image: { repository: 'scale/data-client', tag: '1.0.0' }, database: db, talksTo: [queue] });
    this.services = services;
  }
}

/** The platform factory for `renderAll`: N generated services in every environment. */
export function scalePlatform(count: number): (chart: EnvironmentChart) => void {
  return (chart) => {
    new ScalePlatform(chart, 'shop', count);
  };
}

/**
 * The four built-in profiles with node groups big enough for N services at their maximum scale:
 * each group's `maxNodes` is multiplied by `ceil(N / 4)` (never less than the built-in value).
 */
export function scaleProfiles(count: number): EnvironmentProfile[] {
  const factor = Math.max(1, Math.ceil(count / 4));
  // The generated services' images exist nowhere, so no lock can pin them: the scale profiles run tags.
  return [BUILTIN_PROFILES.minikube, BUILTIN_PROFILES.staging, BUILTIN_PROFILES.gke, BUILTIN_PROFILES.baremetal].map((p) => ({
    ...(p.placement?.nodeGroups ? { ...p, placement: { ...p.placement, nodeGroups: p.placement.nodeGroups.map((g) => ({ ...g, maxNodes: g.maxNodes * factor })) } } : p),
    images: { pinDigests: false },
  }));
}
