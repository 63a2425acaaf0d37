import { ErrorObject, ValidateFunction } from 'ajv';
import { CachedAjv } from '../policy/schema/compile-cache';
import { ProfileIssue, ProfileValidationError } from '../errors';
import { isDnsHostName, isDnsLabel, isDnsSubdomain } from '../manifests/names';
import { labelKeyProblem, labelValueProblem } from '../policy/labels';
import { parseQuantity } from '../manifests/quantity';
import { AddressRange, isCidr, isIpAddress, parseAddressRange, rangeContains, rangesOverlap } from './ip-ranges';
import { EnvironmentProfile } from './environment-profile';
import type { ResolvedProfile } from './resolved-profile';
import profileSchema from './environment-profile.schema.json';

/** `host[:port]/path`, lower-case, no scheme: what goes before `/image:tag` in an image reference. */
const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const CONNECTION_NAME = /^[a-z][-a-z0-9.:]*[a-z0-9]:[a-z]+-[a-z]+[0-9]:[a-z]([-a-z0-9]*[a-z0-9])?$/;
const INT32_MAX = 2147483647;
/** What Go's time.ParseDuration takes (without a sign): `0`, or numbers with units, like `1h30m`. */
const GO_DURATION = /^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|μs|ms|s|m|h))+)$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

let compiled: ValidateFunction | undefined;
function structuralValidator(): ValidateFunction {
  compiled ??= new CachedAjv({ allErrors: true, strict: false }, () => undefined, 'environment-profile').compile(profileSchema);
  return compiled;
}

function environmentName(profile: EnvironmentProfile): string {
  return typeof profile?.name === 'string' && profile.name ? profile.name : '(unnamed)';
}

function ajvIssue(error: ErrorObject): ProfileIssue {
  const base = error.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty);
    return { field: base ? `${base}.${extra}` : extra, message: 'unknown field' };
  }
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    return { field: base ? `${base}.${missing}` : missing, message: 'is required' };
  }
  return { field: base || '(profile)', message: error.message ?? 'is invalid' };
}

/**
 * Checks a profile's shape (types, unknown fields) against the JSON Schema generated from
 * {@link EnvironmentProfile}; throws a {@link ProfileValidationError} listing every problem.
 * @internal
 */
export function checkProfileShape(profile: EnvironmentProfile): void {
  const name = environmentName(profile);
  const prototypeKeys = prototypeKeyIssues(profile, '');
  if (prototypeKeys.length) throw new ProfileValidationError(name, prototypeKeys);
  // Wrong types and unknown or missing fields stop here: later checks rely on the shape. Values out of
  // range or format are reported by checkProfile, with its own messages where it knows more.
  const errors = schemaErrors(profile);
  if (errors.some((e) => !VALUE_KEYWORDS.has(e.keyword))) throw new ProfileValidationError(name, errors.filter((e) => e.keyword !== 'if').map(ajvIssue));
}

function schemaErrors(profile: EnvironmentProfile): ErrorObject[] {
  const validate = structuralValidator();
  return validate(profile) ? [] : [...(validate.errors ?? [])];
}

/**
 * Checks what the type cannot say: ranges, names, addresses, and the fields one choice makes
 * necessary. Reads the resolved values (so a default is checked like a value given), and the profile
 * as given to say when a value came from the project name. Throws a {@link ProfileValidationError}.
 * @internal
 */
export function checkProfile(given: EnvironmentProfile, profile: ResolvedProfile): void {
  const name = environmentName(given);
  const issues: ProfileIssue[] = [];
  const fail = (field: string, message: string) => issues.push({ field, message });
  const fromProject = (value: unknown) => (value === undefined ? ` (defaults to project "${profile.project}"; set it)` : '');
  checkNumbers(given, '', fail);
  const valueIssues = schemaErrors(given).map(ajvIssue);

  if (!isDnsLabel(profile.name)) fail('name', `"${profile.name}" is not a lower-case DNS label`);
  if (!isDnsLabel(profile.namespace)) fail('namespace', `"${profile.namespace}" is not a lower-case DNS label`);
  if (!profile.registry) fail('registry', 'must not be empty');
  else if (!REGISTRY.test(profile.registry)) {
    fail('registry', `"${profile.registry}" is not a registry reference like "registry.example.com/team" (no scheme, no trailing slash, lower case)`);
  }
  if (!isDnsHostName(profile.domain) || !profile.domain.includes('.')) {
    fail('domain', `"${profile.domain}" is not a fully qualified lower-case domain name (dot-separated labels of at most 63 characters)`);
  }

  const scaling = profile.autoscaling;
  for (const field of ['minReplicas', 'maxReplicas'] as const) {
    const v = scaling[field];
    if (!Number.isInteger(v) || v < 1 || v > INT32_MAX) fail(`autoscaling.${field}`, `must be an integer from 1 to ${INT32_MAX} (int32, as the API server takes it)`);
  }
  if (scaling.minReplicas > scaling.maxReplicas) {
    fail('autoscaling.minReplicas', `${scaling.minReplicas} is greater than autoscaling.maxReplicas (${scaling.maxReplicas})`);
  }
  const target = scaling.targetCpuUtilization;
  if (!Number.isInteger(target) || target < 1 || target > 100) fail('autoscaling.targetCpuUtilization', 'must be an integer percentage between 1 and 100');

  for (const tier of ['fast', 'bulk'] as const) {
    const sc = profile.storage[tier];
    if (!isDnsSubdomain(sc.name)) fail(`storage.${tier}.name`, `"${sc.name}" is not a valid object name`);
    if (!sc.provisioner) fail(`storage.${tier}.provisioner`, 'must not be empty');
    else {
      // The API server checks the lower-cased provisioner as a qualified name (like a label key).
      const problem = labelKeyProblem(sc.provisioner.toLowerCase());
      if (problem) fail(`storage.${tier}.provisioner`, `"${sc.provisioner}" is not a provisioner name like kubernetes.io/gce-pd: ${problem.replace('label key', 'name')}`);
    }
  }
  if (profile.storage.fast.name === profile.storage.bulk.name) fail('storage.bulk.name', 'must differ from storage.fast.name');

  checkLoadBalancer(profile, fail);
  checkDatabase(given, profile, fail, fromProject);

  if (profile.gcp) {
    const gcp = profile.gcp;
    if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(gcp.project)) fail('gcp.project', `"${gcp.project}" is not a Google Cloud project id`);
    if (!/^[a-z]+-[a-z]+[0-9]$/.test(gcp.region)) fail('gcp.region', `"${gcp.region}" is not a region like europe-west1`);
    if (!isDnsLabel(gcp.clusterName)) fail('gcp.clusterName', `"${gcp.clusterName}" is not a valid cluster name`);
    if (!isDnsLabel(gcp.sqlInstance)) fail('gcp.sqlInstance', `"${gcp.sqlInstance}" is not a valid instance name`);
    if (gcp.cloneOf !== undefined && !isDnsLabel(gcp.cloneOf)) fail('gcp.cloneOf', `"${gcp.cloneOf}" is not a valid instance name`);
    if (gcp.restoreFrom) {
      if (gcp.cloneOf !== undefined) fail('gcp.restoreFrom', 'cannot be combined with gcp.cloneOf');
      if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(gcp.restoreFrom.project)) fail('gcp.restoreFrom.project', `"${gcp.restoreFrom.project}" is not a Google Cloud project id`);
      if (!isDnsLabel(gcp.restoreFrom.instance)) fail('gcp.restoreFrom.instance', `"${gcp.restoreFrom.instance}" is not a valid instance name`);
    }
    if ((gcp.cloneOf !== undefined || gcp.restoreFrom) && !gcp.deletionProtection) {
      fail('gcp.deletionProtection', `must be true: the instance is a copy of ${gcp.cloneOf ?? gcp.restoreFrom?.instance} and holds its data`);
    }
    if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(gcp.serviceAccountId)) fail('gcp.serviceAccountId', `"${gcp.serviceAccountId}" is not a service account id (6-30 characters)`);
    if (gcp.privateServicesRange !== undefined && !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(gcp.privateServicesRange)) {
      fail('gcp.privateServicesRange', `"${gcp.privateServicesRange}" is not an IPv4 CIDR like 10.30.0.0/16`);
    }
    gcp.authorizedNetworks.forEach((n, i) => {
      if (!isCidr(n.cidr)) fail(`gcp.controlPlane.authorizedNetworks[${i}].cidr`, `"${n.cidr}" is not a CIDR`);
      else if (n.cidr.endsWith('/0')) fail(`gcp.controlPlane.authorizedNetworks[${i}].cidr`, `"${n.cidr}" opens the control plane to the whole internet`);
    });
  }
  if (profile.platform === 'gke' && !profile.gcp) fail('gcp', 'is required on the gke platform');

  checkGitOps(profile, fail);
  const refresh = profile.secrets.refreshInterval;
  if (!GO_DURATION.test(refresh)) fail('secrets.refreshInterval', `"${refresh}" is not a Go duration like 1h, 15m or 1h30m (External Secrets parses it with time.ParseDuration)`);
  if (given.placement?.nodeGroups?.length === 0) {
    fail('placement.nodeGroups', 'is empty, which would silently turn the capacity check off; list the node groups, or leave the field out to skip the check');
  }
  checkSecrets(profile, fail);
  checkCluster(profile, fail);
  checkNetworkAccess(profile, fail);

  profile.placement.nodeGroups.forEach((group, i) => {
    const at = `placement.nodeGroups[${i}]`;
    if (!Number.isInteger(group.maxNodes) || group.maxNodes < 1) fail(`${at}.maxNodes`, 'must be an integer of at least 1');
    if (group.minNodes < 0 || group.minNodes > group.maxNodes) fail(`${at}.minNodes`, 'must be between 0 and maxNodes');
    if (!(group.allocatableCpuMillis >= 1)) fail(`${at}.allocatableCpuMillis`, 'must be at least 1 (millicore)');
    if (!(group.allocatableMemoryMiB >= 1)) fail(`${at}.allocatableMemoryMiB`, 'must be at least 1 (MiB)');
  });
  for (const key of Object.keys(given.exposure?.annotations ?? {})) {
    const problem = labelKeyProblem(key);
    if (problem) fail(`exposure.annotations.${key}`, `is not an annotation key the API server accepts: ${problem.replace(/label key/g, 'annotation key')}`);
  }
  for (const [role, labels] of Object.entries(profile.placement.roles)) {
    if (!labels || Object.keys(labels).length === 0) fail(`placement.roles.${role}`, 'must name at least one node label');
    for (const [key, value] of Object.entries(labels ?? {})) {
      const problem = labelKeyProblem(key) ?? labelValueProblem(value);
      if (problem) fail(`placement.roles.${role}.${key}`, `${JSON.stringify(key)}: ${JSON.stringify(value)} is not a node label the API server accepts: ${problem}`);
    }
  }

  for (const [service, override] of Object.entries(profile.services)) {
    if (!isDnsLabel(service)) fail(`services.${service}`, 'is not a valid service name');
    if (override.replicas !== undefined && (!Number.isInteger(override.replicas) || override.replicas < 0 || override.replicas > INT32_MAX)) {
      fail(`services.${service}.replicas`, `must be an integer from 0 to ${INT32_MAX} (int32, as the API server takes it)`);
    }
    if (override.tag !== undefined && !IMAGE_TAG.test(override.tag)) fail(`services.${service}.tag`, `"${override.tag}" is not a valid image tag`);
  }

  // A field the checks above explain keeps only their message.
  const explained = new Set(issues.map((i) => i.field));
  for (const i of valueIssues) if (!explained.has(i.field)) issues.push(i);
  if (issues.length) throw new ProfileValidationError(name, issues);
}

/** Ajv keywords about a value's range or format (not the profile's shape). */
const VALUE_KEYWORDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'format']);

/** Keys that would reach `Object.prototype` through the code that merges and walks profiles. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function prototypeKeyIssues(value: unknown, at: string): ProfileIssue[] {
  if (value === null || typeof value !== 'object') return [];
  const issues: ProfileIssue[] = [];
  for (const key of Object.keys(value)) {
    const field = Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
    if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) issues.push({ field, message: `"${key}" is not allowed as a key (it would reach Object.prototype)` });
    else issues.push(...prototypeKeyIssues((value as Record<string, unknown>)[key], field));
  }
  return issues;
}

/** Every number in a profile is finite (a `--set` of 1e999 reads as Infinity, which JSON cannot even hold). */
function checkNumbers(value: unknown, at: string, fail: (field: string, message: string) => void): void {
  if (typeof value === 'number' && !Number.isFinite(value)) fail(at, `${value} is not a finite number`);
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) checkNumbers(v, Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${key}` : key, fail);
}

function checkDatabase(
  given: EnvironmentProfile,
  profile: ResolvedProfile,
  fail: (field: string, message: string) => void,
  fromProject: (value: unknown) => string,
): void {
  const db = profile.database;
  if (!Number.isInteger(db.port) || db.port < 1 || db.port > 65535) fail('database.port', 'must be a port number (1-65535)');
  if (!(isDnsSubdomain(db.host) || isIpAddress(db.host))) fail('database.host', `"${db.host}" is not a host name or IP address`);
  if (!/^[A-Za-z0-9_]{1,64}$/.test(db.name)) fail('database.name', `"${db.name}" is not a MySQL schema name${fromProject(given.database.name)}`);
  if (!/^[A-Za-z0-9_]{1,32}$/.test(db.user)) fail('database.user', `"${db.user}" is not a MySQL user name (letters, digits, _; at most 32)${fromProject(given.database.user)}`);
  if (!QUANTITY.test(db.storageSize)) fail('database.storageSize', `"${db.storageSize}" is not a quantity like 20Gi`);
  else if (!(parseQuantity(db.storageSize) > 0)) fail('database.storageSize', `"${db.storageSize}" requests no storage; the API server refuses a zero-size volume claim`);
  if (db.mode === 'cloud-sql') {
    if (!profile.gcp) fail('gcp', 'is required when database.mode is "cloud-sql" (Workload Identity needs the project)');
    if (given.database.instanceConnectionName !== undefined && db.instanceConnectionName !== undefined && !CONNECTION_NAME.test(db.instanceConnectionName)) {
      fail('database.instanceConnectionName', `"${db.instanceConnectionName}" is not "project:region:instance"`);
    } else if (db.instanceConnectionName !== undefined && profile.gcp && !db.instanceConnectionName.startsWith(`${profile.gcp.project}:`)) {
      fail('database.instanceConnectionName', `"${db.instanceConnectionName}" is in another project than gcp.project "${profile.gcp.project}": an environment only reaches its own project's databases`);
    }
  } else if (given.database.instanceConnectionName !== undefined) {
    fail('database.instanceConnectionName', 'only applies when database.mode is "cloud-sql"');
  }
}

function checkLoadBalancer(profile: ResolvedProfile, fail: (field: string, message: string) => void): void {
  const lb = profile.loadBalancer;
  if (!lb) return;
  if (!isDnsLabel(lb.namespace)) fail('loadBalancer.namespace', `"${lb.namespace}" is not a valid namespace`);
  if (lb.pools.length === 0) fail('loadBalancer.pools', 'must hold at least one pool');
  const seen: { range: AddressRange; field: string }[] = [];
  const names = new Set<string>();
  lb.pools.forEach((pool, p) => {
    const at = `loadBalancer.pools[${p}]`;
    if (!isDnsLabel(pool.name)) fail(`${at}.name`, `"${pool.name}" is not a valid object name`);
    if (names.has(pool.name)) fail(`${at}.name`, `pool "${pool.name}" is declared twice`);
    names.add(pool.name);
    if (pool.addresses.length === 0) fail(`${at}.addresses`, 'is empty: a pool needs at least one CIDR or range');
    pool.addresses.forEach((text, a) => {
      const field = `${at}.addresses[${a}]`;
      let range: AddressRange;
      try {
        range = parseAddressRange(text);
      } catch (e) {
        fail(field, (e as Error).message);
        return;
      }
      const clash = seen.find((s) => rangesOverlap(s.range, range));
      if (clash) fail(field, `"${text}" overlaps ${clash.field} ("${clash.range.source}")`);
      seen.push({ range, field });
    });
  });
  const pool = lb.pools.find((p) => p.name === lb.pool);
  if (lb.pools.length > 0 && !pool) fail('loadBalancer.pool', `names no pool (pools: ${[...names].join(', ') || 'none'})`);
  const firstAt = new Map<string, number>();
  lb.addresses.forEach((address, i) => {
    const field = `loadBalancer.addresses[${i}]`;
    if (firstAt.has(address)) fail(field, `${address} is listed twice (also loadBalancer.addresses[${firstAt.get(address)}]); each floating IP goes to one Service`);
    else firstAt.set(address, i);
    if (!isIpAddress(address)) {
      fail(field, `"${address}" is not an IP address`);
      return;
    }
    if (pool && !pool.addresses.some((text) => safeContains(text, address))) {
      fail(field, `${address} is not in pool "${pool.name}" (${pool.addresses.join(', ')})`);
    }
  });
  lb.interfaces.forEach((name, i) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}$/.test(name)) fail(`loadBalancer.interfaces[${i}]`, `"${name}" is not a network interface name`);
  });
  const role = lb.announceFrom;
  if (!profile.placement.roles[role]) fail('loadBalancer.announceFrom', `node role "${role}" has no labels in placement.roles`);
}

function safeContains(rangeText: string, address: string): boolean {
  try {
    return rangeContains(parseAddressRange(rangeText), address);
  } catch {
    return false;
  }
}

function checkGitOps(profile: ResolvedProfile, fail: (field: string, message: string) => void): void {
  const g = profile.gitops;
  if (!g) return;
  const s = g.source;
  if (s.kind === 'git' && !/^(https?|ssh):\/\/[^\s]+$/.test(s.url)) fail('gitops.source.url', `"${s.url}" is not a Git URL Flux and Argo CD clone (https://… or ssh://…)`);
  if (s.kind === 'oci' && !/^oci:\/\/[^\s/]+\/[^\s]+$/.test(s.url)) fail('gitops.source.url', `"${s.url}" is not an OCI repository URL like oci://registry.example.com/team/releases`);
  if (!GO_DURATION.test(s.interval)) fail('gitops.source.interval', `"${s.interval}" is not a Go duration like 5m or 1h`);
  if (s.secretRef !== undefined && !isDnsSubdomain(s.secretRef)) fail('gitops.source.secretRef', `"${s.secretRef}" is not a Secret name`);
  if (/(^|\/)\.\.(\/|$)/.test(s.path) || s.path.startsWith('/')) fail('gitops.source.path', `"${s.path}" must be a relative path inside the source`);
  for (const field of ['fluxNamespace', 'argoCdNamespace'] as const) if (!isDnsLabel(g[field])) fail(`gitops.${field}`, `"${g[field]}" is not a namespace name`);
  if (!isDnsSubdomain(g.argoCdProject)) fail('gitops.argoCdProject', `"${g.argoCdProject}" is not an Argo CD project name`);
  if (g.argoCd && s.kind === 'oci') fail('gitops.argoCd', 'needs a git source (Argo CD Applications here read Git; an OCI source is for Flux)');
  if (!g.flux && !g.argoCd) fail('gitops', 'names neither flux nor argoCd; set one of them or leave gitops out');
  if (g.flux && g.argoCd) fail('gitops', 'names both flux and argoCd: two controllers applying and pruning the same objects undo each other; pick one');
}

/**
 * Whether an environment may carry Secret values in its manifests: only a laptop cluster with
 * development secrets. Synth (profile validation, the policy gate) and `validate` ask this one place.
 */
export function allowsInlineSecretValues(profile: Pick<EnvironmentProfile, 'platform' | 'secrets'>): boolean {
  return profile.platform === 'minikube' && profile.secrets.mode === 'inline-dev';
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)$/;
const IMAGE_REF = /^[a-z0-9]+([._/-][a-z0-9]+)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

function checkSecrets(profile: EnvironmentProfile, fail: (field: string, message: string) => void): void {
  const secrets = profile.secrets;
  if (secrets.mode === 'inline-dev' && profile.platform !== 'minikube') {
    fail('secrets.mode', `"inline-dev" writes development secret values into the manifests; only minikube environments may use it (platform is "${profile.platform}"): use "external-secrets"`);
  }
  if (secrets.mode === 'external-secrets') {
    if (!secrets.store) fail('secrets.store', 'is required when secrets.mode is "external-secrets"');
    if (!secrets.backend) fail('secrets.backend', 'is required when secrets.mode is "external-secrets" ("gcp-secret-manager" or "vault"): it decides how remote keys are named');
  }
}

function checkCluster(profile: EnvironmentProfile, fail: (field: string, message: string) => void): void {
  const cluster = profile.cluster;
  if (!cluster) return;
  const np = cluster.networkPolicy;
  if (np && profile.platform === 'gke' && np.provider !== 'dataplane-v2' && np.provider !== 'calico') {
    fail('cluster.networkPolicy.provider', `"${np.provider}" is not a GKE network policy provider ("dataplane-v2" or "calico")`);
  }
  if (np && !np.provider) fail('cluster.networkPolicy.provider', 'must name the CNI');
  const metrics = cluster.metrics;
  if (metrics?.provider === 'gke' && profile.platform !== 'gke') fail('cluster.metrics.provider', `"gke" metrics only exist on the gke platform (platform is "${profile.platform}")`);
  if (metrics?.provider === 'metrics-server') {
    if (!metrics.image) fail('cluster.metrics.image', 'is required for metrics-server (the image the site runs, e.g. "metrics-server/metrics-server:v0.7.2")');
    else if (!IMAGE_REF.test(metrics.image)) fail('cluster.metrics.image', `"${metrics.image}" is not a "repository:tag" image reference`);
  }
  if (cluster.kubernetesVersion !== undefined && !/^1\.\d+$/.test(cluster.kubernetesVersion)) {
    fail('cluster.kubernetesVersion', `"${cluster.kubernetesVersion}" is not a Kubernetes release like 1.30 (major.minor)`);
  }
  for (const [name, version] of Object.entries<string | undefined>({ ...cluster.operators })) {
    if (version !== undefined && !SEMVER.test(version)) fail(`cluster.operators.${name}`, `"${version}" is not a version like 0.18.2`);
  }
}

function checkNetworkAccess(profile: EnvironmentProfile, fail: (field: string, message: string) => void): void {
  const network = profile.network;
  if (!network) return;
  for (const [name, dest] of Object.entries(network.egress ?? {})) {
    const at = `network.egress.${name}`;
    if (!isDnsLabel(name)) fail(at, 'is not a valid destination name (a lower-case DNS label)');
    if (dest.cidrs.length === 0) fail(`${at}.cidrs`, 'must hold at least one CIDR');
    dest.cidrs.forEach((cidr, i) => {
      if (!isCidr(cidr)) fail(`${at}.cidrs[${i}]`, `"${cidr}" is not a CIDR`);
      else if (cidr.endsWith('/0')) fail(`${at}.cidrs[${i}]`, `"${cidr}" is the whole internet; name the destination's own ranges`);
    });
    if (dest.ports.length === 0) fail(`${at}.ports`, 'must hold at least one port');
    dest.ports.forEach((port, i) => {
      if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${at}.ports[${i}]`, 'must be a port number (1-65535)');
    });
  }
  network.adminSources?.forEach((cidr, i) => {
    if (!isCidr(cidr)) fail(`network.adminSources[${i}]`, `"${cidr}" is not a CIDR`);
    else if (cidr.endsWith('/0')) fail(`network.adminSources[${i}]`, `"${cidr}" is the whole internet; the admin and ops hosts would not be restricted`);
  });
  if (network.dns) {
    if (!isDnsLabel(network.dns.namespace)) fail('network.dns.namespace', `"${network.dns.namespace}" is not a namespace name`);
    if (Object.keys(network.dns.podLabels).length === 0) fail('network.dns.podLabels', 'must name at least one label');
  }
}
