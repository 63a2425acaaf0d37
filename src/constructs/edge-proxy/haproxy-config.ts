import { IServiceEndpoint } from '../workload/workload-props';

/** What the HAProxy configuration is made from, already validated. */
export interface HaproxyConfigInput {
  readonly httpsPort: number;
  readonly httpPort: number;
  readonly healthPort: number;
  readonly healthPath: string;
  readonly certificatePath: string;
  readonly hstsMaxAgeSeconds: number;
  readonly defaultBackend: IServiceEndpoint;
  /** Host routes; `allowedSources` absent: any client, empty: none (403 to everyone). */
  readonly routes: readonly { readonly host: string; readonly backend: IServiceEndpoint; readonly allowedSources?: readonly string[] }[];
}

/** Mozilla's "intermediate" TLS settings (ECDHE only, so no DH parameters are needed). */
const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');
const TLS13_CIPHERSUITES = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';

function backendSection(endpoint: IServiceEndpoint): string[] {
  const name = endpoint.serviceName;
  const lines = [`backend ${name}`];
  if (endpoint.healthPath) {
    lines.push('  option httpchk', `  http-check send meth GET uri ${endpoint.healthPath} ver HTTP/1.1 hdr Host ${name}`, '  http-check expect status 200');
  }
  lines.push(`  server ${name} ${name}:${endpoint.servicePort} check inter 5s fall 3 rise 2`);
  return lines;
}

/**
 * `haproxy.cfg` of an EdgeProxy: TLS on the HTTPS port with the mounted certificate, a redirect of
 * everything on the HTTP port to HTTPS, host routes (with a 403 for clients outside a route's
 * allowed sources) before the default backend, health-checked backends, and a health endpoint
 * for the kubelet that fails while the default backend has no server up.
 */
export function renderHaproxyConfig(c: HaproxyConfigInput): string {
  const backends = [...new Set([c.defaultBackend, ...c.routes.map((r) => r.backend)])];
  const lines = [
    'global',
    '  log stdout format raw local0',
    '  ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets',
    `  ssl-default-bind-ciphers ${TLS12_CIPHERS}`,
    `  ssl-default-bind-ciphersuites ${TLS13_CIPHERSUITES}`,
    '',
    'defaults',
    '  mode http',
    '  log global',
    '  option httplog',
    '  option dontlognull',
    '  option forwardfor',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout http-request 10s',
    '  timeout http-keep-alive 10s',
    '  timeout queue 30s',
    '',
    'frontend health',
    `  bind :${c.healthPort}`,
    `  monitor-uri ${c.healthPath}`,
    `  monitor fail if { nbsrv(${c.defaultBackend.serviceName}) lt 1 }`,
    '',
    'frontend http',
    `  bind :${c.httpPort}`,
    '  http-request redirect scheme https code 301',
    '',
    'frontend https',
    `  bind :${c.httpsPort} ssl crt ${c.certificatePath} alpn h2,http/1.1`,
    '  http-request set-header X-Forwarded-Proto https',
  ];
  if (c.hstsMaxAgeSeconds > 0) lines.push(`  http-response set-header Strict-Transport-Security "max-age=${c.hstsMaxAgeSeconds}"`);
  // HAProxy evaluates every http-request rule before any use_backend: write them in that order
  // (haproxy -c warns, and -dW refuses, when a deny follows a use_backend).
  const acl = (i: number) => `host_${i}`;
  c.routes.forEach((r, i) => lines.push(`  acl ${acl(i)} req.hdr(host),field(1,:),lower -m str ${r.host}`));
  c.routes.forEach((r, i) => {
    if (r.allowedSources?.length) lines.push(`  http-request deny deny_status 403 if ${acl(i)} !{ src ${r.allowedSources.join(' ')} }`);
    else if (r.allowedSources) lines.push(`  http-request deny deny_status 403 if ${acl(i)}`);
  });
  c.routes.forEach((r, i) => lines.push(`  use_backend ${r.backend.serviceName} if ${acl(i)}`));
  lines.push(`  default_backend ${c.defaultBackend.serviceName}`, '');
  for (const b of backends) lines.push(...backendSection(b), '');
  return lines.join('\n');
}
