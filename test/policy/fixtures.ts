import { CheckContext, CheckedObject } from '../../src/policy';

export type Manifest = Record<string, unknown>;

export const STAGING: CheckContext = { environment: 'staging', allowInlineSecretValues: false };
export const MINIKUBE: CheckContext = { environment: 'minikube', allowInlineSecretValues: true };

export function namespace(name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  };
}

export function container(name: string, port?: number): Manifest {
  return {
    name,
    image: `registry.example.com/${name}:1.4.2`,
    ...(port !== undefined
      ? {
          ports: [{ name: 'http', containerPort: port }],
          readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 },
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 6 },
        }
      : {}),
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    envFrom: [{ configMapRef: { name: `${name}-config` } }],
  };
}

export function podSpec(app: string, port?: number): Manifest {
  return {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container(app, port)],
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { app } },
      },
    ],
  };
}

export function deployment(ns: string, app: string, opts: { replicas?: number; port?: number } = {}): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace: ns, labels: { app } },
    spec: {
      ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: podSpec(app, opts.port) },
    },
  };
}

export function configMap(ns: string, name: string, data: Record<string, string> = { LOG_LEVEL: 'info' }): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

export function service(ns: string, app: string, targetPort: number | string = 'http'): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, namespace: ns },
    spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort }] },
  };
}

export function pdb(ns: string, app: string, budget: Manifest = { maxUnavailable: 1 }): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: app, namespace: ns },
    spec: { selector: { matchLabels: { app } }, ...budget },
  };
}

export function hpa(ns: string, app: string, min = 2, max = 5, kind = 'Deployment'): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: app, namespace: ns },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind, name: app },
      minReplicas: min,
      maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  };
}

export function defaultDeny(ns: string): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: ns },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

export function allowIngress(ns: string, app: string, port = 8080): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${app}-ingress`, namespace: ns },
    spec: {
      podSelector: { matchLabels: { app } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port, protocol: 'TCP' }] }],
    },
  };
}

/** A compliant served, replicated web app: Deployment + Service + PDB + NetworkPolicies + ConfigMap. */
export function webApp(ns: string, app: string, opts: { replicas?: number; autoscale?: boolean } = {}): Manifest[] {
  const out = [
    deployment(ns, app, { replicas: opts.autoscale ? undefined : (opts.replicas ?? 2), port: 8080 }),
    configMap(ns, `${app}-config`),
    service(ns, app),
    pdb(ns, app),
    allowIngress(ns, app),
  ];
  if (opts.autoscale) out.push(hpa(ns, app));
  return out;
}

/** A whole compliant environment for namespace `ns`. */
export function compliantSet(ns = 'shop'): Manifest[] {
  return [namespace(ns), defaultDeny(ns), ...webApp(ns, 'web'), ...webApp(ns, 'api', { autoscale: true })];
}

export const wrap = (manifests: readonly Manifest[], paths = false): CheckedObject[] =>
  manifests.map((m, i) => ({ manifest: m, ...(paths ? { constructPath: `app/${i}` } : {}) }));

/** Deep copy, so a test can mutate one object of a set. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The object of that kind and name in a set. */
export function find(set: Manifest[], kind: string, name: string): Manifest {
  const m = set.find((o) => o.kind === kind && (o.metadata as { name: string }).name === name);
  if (!m) throw new Error(`no ${kind} ${name} in set`);
  return m;
}
