import { IServiceEndpoint } from '../workload/workload-props';

/** A backend of the VCL. */
export interface VclBackend {
  /** VCL name. */
  readonly name: string;
  /** The Service it reaches. */
  readonly endpoint: IServiceEndpoint;
}

/** One route, already validated. */
export interface VclRoute {
  readonly backend: VclBackend;
  readonly pathPrefix?: string;
  readonly userAgent?: string;
  readonly excludeUserAgent?: string;
  readonly fullUrlPath: boolean;
}

/** Escapes a literal for a PCRE inside a VCL string. */
function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function backendBlock(b: VclBackend): string[] {
  const { serviceName: host, servicePort: port, healthPath } = b.endpoint;
  const lines = [
    `backend ${b.name} {`,
    `  .host = "${host}";`,
    `  .port = "${port}";`,
    '  .connect_timeout = 5s;',
    '  .first_byte_timeout = 60s;',
    '  .between_bytes_timeout = 60s;',
  ];
  if (healthPath) {
    lines.push(
      '  .probe = {',
      `    .request = "GET ${healthPath} HTTP/1.1" "Host: ${host}" "User-Agent: varnish-probe" "Connection: close";`,
      '    .interval = 5s;',
      '    .timeout = 2s;',
      '    .window = 5;',
      '    .threshold = 3;',
      '  }',
    );
  }
  lines.push('}');
  return lines;
}

function routeCondition(r: VclRoute): string {
  if (r.pathPrefix !== undefined) return `req.url ~ "^${regexLiteral(r.pathPrefix)}"`;
  const match = `req.http.User-Agent ~ "(?i)${r.userAgent}"`;
  return r.excludeUserAgent ? `${match} && req.http.User-Agent !~ "(?i)${r.excludeUserAgent}"` : match;
}

/**
 * The VCL of an HttpCache: one backend per workload it routes to (so no backend is ever unused),
 * a probe on each backend that has a health path, the routes in order, a synthetic health answer,
 * and the route in the cache key so pages rendered for crawlers never reach people.
 */
export function renderVcl(opts: { defaultBackend: VclBackend; backends: readonly VclBackend[]; routes: readonly VclRoute[]; healthPath: string }): string {
  const lines = ['vcl 4.1;', ''];
  for (const b of opts.backends) lines.push(...backendBlock(b), '');
  lines.push(
    'sub vcl_recv {',
    '  # The route is part of the cache key (vcl_hash): never trust one sent by a client.',
    '  unset req.http.X-Cache-Route;',
    `  if (req.url == "${opts.healthPath}") {`,
    '    return (synth(200, "OK"));',
    '  }',
  );
  opts.routes.forEach((r, i) => {
    lines.push(`  ${i === 0 ? 'if' : '} elsif'} (${routeCondition(r)}) {`);
    lines.push(`    set req.http.X-Cache-Route = "${r.backend.name}";`);
    lines.push(`    set req.backend_hint = ${r.backend.name};`);
    if (r.fullUrlPath) {
      lines.push(
        '    if (req.http.X-Forwarded-Proto == "https") {',
        '      set req.url = "/https://" + req.http.Host + req.url;',
        '    } else {',
        '      set req.url = "/http://" + req.http.Host + req.url;',
        '    }',
      );
    }
  });
  if (opts.routes.length) lines.push('  } else {', `    set req.backend_hint = ${opts.defaultBackend.name};`, '  }');
  else lines.push(`  set req.backend_hint = ${opts.defaultBackend.name};`);
  lines.push(
    '}',
    '',
    'sub vcl_hash {',
    '  if (req.http.X-Cache-Route) {',
    '    hash_data(req.http.X-Cache-Route);',
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}
