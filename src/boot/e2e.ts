import * as https from 'node:https';
import * as http from 'node:http';
import { Cluster } from './cluster';
import { runAsync } from './shell';

/**
 * End-to-end checks against a booted environment, from the node (as a client outside the pods would
 * reach the Services). Each check says what it proves; a failure names the check and what came back.
 */

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly ms: number;
}

interface Response {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One HTTP(S) request to a Service address with a given Host, bounded in time, from `localAddress` if given. */
export function request(url: string, address: string, headers: Record<string, string> = {}, timeoutMs = 10_000, localAddress?: string): Promise<Response> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request({
      host: address,
      port: u.port || (u.protocol === 'https:' ? 443 : 80),
      path: `${u.pathname}${u.search}`,
      method: 'GET',
      servername: u.hostname,
      rejectUnauthorized: false,
      headers: { Host: u.host, ...headers },
      timeout: timeoutMs,
      localAddress,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c.length + body.length < 1 << 20 ? c : ''));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

const summary = (r: Response) => `HTTP ${r.status}, ${r.body.replace(/\s+/g, ' ').slice(0, 160)}`;

/** The checks of the issue, for an environment that runs the reference platform. */
export function platformChecks(cluster: Cluster, domain: string): { name: string; run: () => Promise<string> }[] {
  const has = (svc: string) => cluster.plan.services.some((s) => s.name === svc);
  const edge = () => cluster.address('haproxy');
  const clients = cluster.clients;
  const checks: { name: string; run: () => Promise<string> }[] = [];
  const expect = (cond: boolean, what: string, r?: Response) => {
    if (!cond) throw new Error(`${what}${r ? ` (got ${summary(r)})` : ''}`);
  };
  let cookie = '';

  if (has('haproxy')) {
    checks.push({
      name: `HTTPS / from the internet client returns the shop page through HAProxy → Varnish → web → PHP-FPM`,
      run: async () => {
        const r = await request(`https://${domain}/`, edge(), {}, 10_000, clients.internet);
        expect(r.status === 200 && /shop stand-in/.test(r.body), 'expected the PHP page', r);
        expect(/schema: boot-1/.test(r.body), 'expected the schema the migration Job wrote (schema: boot-1)', r);
        expect(r.headers['x-shop-page'] === 'php-fpm stand-in', 'expected the page from PHP-FPM (X-Shop-Page)', r);
        expect(!!r.headers['x-varnish'] || /varnish/i.test(String(r.headers.via ?? '')), 'expected Varnish on the path (X-Varnish or Via)', r);
        cookie = String(r.headers['set-cookie'] ?? '').split(';')[0];
        return `${r.status}, via ${r.headers.via ?? 'varnish'}, ${/page views in MySQL: (\d+)/.exec(r.body)?.[0] ?? ''}`;
      },
    });
    checks.push({
      name: '/static/… is served (HAProxy → Varnish → static)',
      run: async () => {
        const r = await request(`https://${domain}/static/boot-asset.txt`, edge());
        expect(r.status === 200 && r.body.includes('boot static asset'), 'expected the asset from the static-assets volume', r);
        return `${r.status}`;
      },
    });
    // The ops and admin hosts answer the profile's admin ranges only: 403 to the internet client, the real
    // page to a client inside the range (when the profile lists one a client can hold).
    const restricted = [
      { host: `ops.${domain}`, what: 'Grafana', ok: (r: Response) => /grafana stand-in/.test(r.body) },
      { host: `admin.${domain}`, what: 'the admin service', ok: (r: Response) => r.headers['x-shop-service'] === 'admin' },
    ];
    for (const h of restricted) {
      checks.push({
        name: `the ${h.host.split('.')[0]} host refuses a client outside the admin ranges (${clients.internet})`,
        run: async () => {
          const r = await request(`https://${h.host}/`, edge(), {}, 10_000, clients.internet);
          expect(r.status === 403, `expected 403 for ${h.host} from ${clients.internet}`, r);
          return `${r.status}`;
        },
      });
      if (clients.admin) {
        const admin = clients.admin;
        checks.push({
          name: `the ${h.host.split('.')[0]} host reaches ${h.what} from inside the admin ranges (${admin})`,
          run: async () => {
            // HAProxy answers 503 until its first health check of the backend passed: wait for that
            // (bounded), as a rollout does, rather than judge the first request of a fresh edge.
            let r = await request(`https://${h.host}/`, edge(), {}, 10_000, admin);
            for (const until = Date.now() + 20_000; r.status === 503 && Date.now() < until; ) {
              await new Promise((done) => setTimeout(done, 500));
              r = await request(`https://${h.host}/`, edge(), {}, 10_000, admin);
            }
            expect(r.status === 200 && h.ok(r), `expected ${h.what}`, r);
            return `${r.status}`;
          },
        });
      }
    }
    checks.push({
      name: 'a crawler user agent is answered through prerender',
      run: async () => {
        const r = await request(`https://${domain}/`, edge(), { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
        expect(r.status === 200 && r.headers['x-prerendered'] === 'stand-in', 'expected the page rendered by prerender (X-Prerendered)', r);
        return `${r.status}, X-Prerendered: ${String(r.headers['x-prerendered'])}`;
      },
    });
    checks.push({
      name: 'plain HTTP redirects to HTTPS',
      run: async () => {
        const svc = cluster.plan.services.find((s) => s.name === 'haproxy');
        const port = svc?.ports.find((p) => p.port === 80 || p.name === 'http');
        expect(!!port, `the edge Service has no HTTP port (ports: ${svc?.ports.map((p) => `${p.name ?? ''}:${p.port}`).join(', ')})`);
        const r = await request(`http://${domain}:${port?.port}/cart`, edge());
        expect(r.status >= 301 && r.status <= 308 && String(r.headers.location ?? '').startsWith(`https://${domain}`), 'expected a redirect to https', r);
        return `${r.status} → ${r.headers.location}`;
      },
    });
  }
  // Durability: write through each store, restart all their pods at once (as a node drain would), then read back.
  interface Durable { readonly name: string; readonly workload: string; write(): Promise<void>; verify(): Promise<string> }
  const durables: Durable[] = [];
  let sessionCookie = '';
  if (has('redis-sessions') && has('haproxy')) {
    durables.push({
      name: 'a session written through the sessions Redis survives a restart of that Redis pod',
      workload: 'redis-sessions',
      write: async () => {
        const first = await request(`https://${domain}/?remember=boot-session`, edge(), cookie ? { Cookie: cookie } : {});
        sessionCookie = String(first.headers['set-cookie'] ?? '').split(';')[0] || cookie;
        expect(!!sessionCookie, 'expected a session cookie', first);
      },
      verify: async () => {
        const r = await request(`https://${domain}/`, edge(), { Cookie: sessionCookie });
        expect(/remembered: boot-session/.test(r.body), 'expected the session to remember "boot-session" after the restart', r);
        return `${/visits in this session: \d+/.exec(r.body)?.[0] ?? ''}`;
      },
    });
  }
  if (has('rabbitmq')) {
    const env = cluster.plan.pods.find((p) => p.workload === 'rabbitmq')?.containers[0].env;
    const url = () => `amqp://${encodeURIComponent(env?.RABBITMQ_DEFAULT_USER ?? 'guest')}:${encodeURIComponent(env?.RABBITMQ_DEFAULT_PASS ?? 'guest')}@${cluster.address('rabbitmq')}:5672`;
    const q = ['-q', 'boot-durability'];
    durables.push({
      name: 'a message published to RabbitMQ survives a restart of its pod',
      workload: 'rabbitmq',
      write: async () => {
        await must(runAsync('amqp-declare-queue', [`--url=${url()}`, '--durable', ...q], 10_000));
        await must(runAsync('amqp-publish', [`--url=${url()}`, '-r', 'boot-durability', '-p', '-b', 'boot-message'], 10_000));
      },
      verify: async () => {
        const got = await must(runAsync('amqp-get', [`--url=${url()}`, ...q], 10_000));
        expect(got.includes('boot-message'), `expected the message back, got "${got.trim()}"`);
        return 'published persistent, restarted, got it back';
      },
    });
  }
  if (has('mysql')) {
    const env = cluster.plan.pods.find((p) => p.workload === 'mysql')?.containers[0].env ?? {};
    const args = () => ['-h', cluster.address('mysql'), '-u', env.MYSQL_USER ?? '', `-p${env.MYSQL_PASSWORD ?? ''}`, env.MYSQL_DATABASE ?? '', '-N', '-e'];
    durables.push({
      name: 'rows written to MySQL survive a restart of its pod',
      workload: 'mysql',
      write: async () => {
        await must(runAsync('mariadb', [...args(), "CREATE TABLE IF NOT EXISTS boot_rows (v VARCHAR(40)); INSERT INTO boot_rows VALUES ('boot-row')"], 15_000));
      },
      verify: async () => {
        const out = await must(runAsync('mariadb', [...args(), 'SELECT v FROM boot_rows'], 15_000));
        expect(out.includes('boot-row'), `expected the row back, got "${out.trim()}"`);
        return 'inserted, restarted, selected it';
      },
    });
  }
  let restarted: Promise<Map<string, Error>> | undefined;
  const writeAndRestart = () =>
    (restarted ??= (async () => {
      const failures = new Map<string, Error>();
      for (const d of durables) {
        try {
          await d.write();
        } catch (e) {
          failures.set(d.name, e as Error);
        }
      }
      await Promise.all(durables.filter((d) => !failures.has(d.name)).map(async (d) => {
        try {
          await Promise.all(cluster.podsOf(d.workload).map((pod) => cluster.restartPod(pod.plan.name, 150_000)));
        } catch (e) {
          failures.set(d.name, e as Error);
        }
      }));
      return failures;
    })());
  for (const d of durables) {
    checks.push({
      name: d.name,
      run: async () => {
        const failure = (await writeAndRestart()).get(d.name);
        if (failure) throw failure;
        return d.verify();
      },
    });
  }
  if (has('prometheus')) {
    checks.push({
      name: 'Prometheus reports its scrape targets up',
      run: async () => {
        const address = cluster.address('prometheus');
        const deadline = Date.now() + 60_000;
        let last = '';
        while (Date.now() < deadline) {
          const r = await request('http://prometheus:9090/api/v1/targets?state=active', address);
          const targets = (JSON.parse(r.body) as { data: { activeTargets: { scrapeUrl: string; health: string; lastError: string }[] } }).data.activeTargets;
          last = targets.map((t) => `${t.scrapeUrl}: ${t.health}${t.lastError ? ` (${t.lastError})` : ''}`).join('; ');
          if (targets.length && targets.every((t) => t.health === 'up')) return `${targets.length} targets up`;
          await new Promise((res) => setTimeout(res, 2000));
        }
        throw new Error(`targets not all up: ${last || 'none'}`);
      },
    });
  }
  return checks;
}

async function must(p: Promise<{ code: number; output: string }>): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.output.trim().slice(0, 300)}`);
  return r.output;
}

/** Runs the checks in order; every check runs even when an earlier one failed. */
export async function runChecks(checks: { name: string; run: () => Promise<string> }[], log: (line: string) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const start = Date.now();
    try {
      const detail = await check.run();
      results.push({ name: check.name, ok: true, detail, ms: Date.now() - start });
      log(`  ok   ${check.name} (${detail}; ${Date.now() - start} ms)`);
    } catch (e) {
      results.push({ name: check.name, ok: false, detail: (e as Error).message, ms: Date.now() - start });
      log(`  FAIL ${check.name}: ${(e as Error).message}`);
    }
  }
  return results;
}
