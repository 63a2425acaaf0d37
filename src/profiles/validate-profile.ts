import { ErrorObject, ValidateFunction } from 'ajv';
import { CachedAjv } from '../policy/schema/compile-cache';
import { ProfileIssue, ProfileValidationError } from '../errors';
import { isDnsLabel, isDnsSubdomain } from '../manifests/names';
import { AddressRange, isIpAddress, parseAddressRange, rangeContains, rangesOverlap } from './ip-ranges';
import { EnvironmentProfile } from './environment-profile';
import type { ResolvedProfile } from './resolved-profile';
import profileSchema from './environment-profile.schema.json';

/** `host[:port]/path`, lower-case, no scheme: what goes before `/image:tag` in an image reference. */
const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const CONNECTION_NAME = /^[a-z][-a-z0-9.:]*[a-z0-9]:[a-z]+-[a-z]+[0-9]:[a-z]([-a-z0-9]*[a-z0-9])?$/;
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
  const validate = structuralValidator();
  if (!validate(profile)) {
    throw new ProfileValidationError(name, (validate.errors ?? []).map(ajvIssue));
  }
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

  if (!isDnsLabel(profile.name)) fail('name', `"${profile.name}" is not a lower-case DNS label`);
  if (!isDnsLabel(profile.namespace)) fail('namespace', `"${profile.namespace}" is not a lower-case DNS label`);
  if (!profile.registry) fail('registry', 'must not be empty');
  else if (!REGISTRY.test(profile.registry)) {
    fail('registry', `"${profile.registry}" is not a registry reference like "registry.example.com/team" (no scheme, no trailing slash, lower case)`);
  }
  if (!isDnsSubdomain(profile.domain) || !profile.domain.includes('.')) {
    fail('domain', `"${profile.domain}" is not a fully qualified lower-case domain name`);
  }

  const scaling = profile.autoscaling;
  if (!Number.isInteger(scaling.minReplicas) || scaling.minReplicas < 1) fail('autoscaling.minReplicas', 'must be an integer of at least 1');
  if (!Number.isInteger(scaling.maxReplicas) || scaling.maxReplicas < 1) fail('autoscaling.maxReplicas', 'must be an integer of at least 1');
  if (scaling.minReplicas > scaling.maxReplicas) {
    fail('autoscaling.minReplicas', `${scaling.minReplicas} is greater than autoscaling.maxReplicas (${scaling.maxReplicas})`);
  }
  const target = scaling.targetCpuUtilization;
  if (!Number.isInteger(target) || target < 1 || target > 100) fail('autoscaling.targetCpuUtilization', 'must be an integer percentage between 1 and 100');

  for (const tier of ['fast', 'bulk'] as const) {
    const sc = profile.storage[tier];
    if (!isDnsSubdomain(sc.name)) fail(`storage.${tier}.name`, `"${sc.name}" is not a valid object name`);
    if (!sc.provisioner) fail(`storage.${tier}.provisioner`, 'must not be empty');
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
    if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(gcp.serviceAccountId)) fail('gcp.serviceAccountId', `"${gcp.serviceAccountId}" is not a service account id (6-30 characters)`);
  }
  if (profile.platform === 'gke' && !profile.gcp) fail('gcp', 'is required on the gke platform');

  if (profile.secrets.mode === 'external-secrets' && !profile.secrets.store) fail('secrets.store', 'is required when secrets.mode is "external-secrets"');

  profile.placement.nodeGroups.forEach((group, i) => {
    const at = `placement.nodeGroups[${i}]`;
    if (!Number.isInteger(group.maxNodes) || group.maxNodes < 1) fail(`${at}.maxNodes`, 'must be an integer of at least 1');
    if (group.minNodes < 0 || group.minNodes > group.maxNodes) fail(`${at}.minNodes`, 'must be between 0 and maxNodes');
    if (!(group.allocatableCpuMillis > 0)) fail(`${at}.allocatableCpuMillis`, 'must be positive');
    if (!(group.allocatableMemoryMiB > 0)) fail(`${at}.allocatableMemoryMiB`, 'must be positive');
  });
  for (const [role, labels] of Object.entries(profile.placement.roles)) {
    if (!labels || Object.keys(labels).length === 0) fail(`placement.roles.${role}`, 'must name at least one node label');
  }

  for (const [service, override] of Object.entries(profile.services)) {
    if (!isDnsLabel(service)) fail(`services.${service}`, 'is not a valid service name');
    if (override.replicas !== undefined && (!Number.isInteger(override.replicas) || override.replicas < 0)) {
      fail(`services.${service}.replicas`, 'must be a non-negative integer');
    }
    if (override.tag !== undefined && !IMAGE_TAG.test(override.tag)) fail(`services.${service}.tag`, `"${override.tag}" is not a valid image tag`);
  }

  if (issues.length) throw new ProfileValidationError(name, issues);
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
  if (db.mode === 'cloud-sql') {
    if (!profile.gcp) fail('gcp', 'is required when database.mode is "cloud-sql" (Workload Identity needs the project)');
    if (given.database.instanceConnectionName !== undefined && db.instanceConnectionName !== undefined && !CONNECTION_NAME.test(db.instanceConnectionName)) {
      fail('database.instanceConnectionName', `"${db.instanceConnectionName}" is not "project:region:instance"`);
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
  lb.addresses.forEach((address, i) => {
    const field = `loadBalancer.addresses[${i}]`;
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
