#!/usr/bin/env node
// Generates src/policy/generated/k8s-schemas.json (kinds, sources, digest) and k8s-schema-definitions.json
// (the definitions): the strict JSON schemas the policy engine validates synthesized objects against (what `kubectl apply --validate=strict` would reject, and more).
//
// Inputs (read here only, never at runtime):
//   ../shared/schemas/k8s-v1.28.0-definitions.json   Kubernetes 1.28.0 OpenAPI definitions
//   ../shared/crds/metallb/*.yaml                     MetalLB CustomResourceDefinitions
//   ../shared/crds/catalog/<group>/<kind>_<ver>.json  CRD-catalog JSON schemas (External Secrets, GKE, ...)
//
// What it does to them:
//   - keeps only validation keywords (descriptions, x-kubernetes-* extensions, formats, defaults dropped);
//   - injects `additionalProperties: false` into every structural object schema that declares `properties`
//     and does not declare `additionalProperties` itself (maps keep theirs) or preserve unknown fields;
//   - IntOrString (`oneOf [string, integer]`, `format: int-or-string`, `x-kubernetes-int-or-string`) and
//     Quantity become `type: [integer|number, string]`;
//   - `format: int32` becomes `minimum`/`maximum` (the API server refuses an int32 field out of range,
//     e.g. replicas 3000000000, while the generated types say only "integer");
//   - Quantity strings get the quantity syntax as a `pattern` (the API server refuses `cpu: banana`);
//   - custom resources get ObjectMeta for `metadata`, like the API server validates it;
//   - adds the enums the API server enforces but the 1.28 OpenAPI v2 definitions leave out (ENUM_OVERLAY);
//   - maps every `x-kubernetes-group-version-kind` to its definition, with the object's scope.
//
// Usage: node scripts/policy-gen-schemas.js [--check] [--shared DIR]
//   --check  exit 1 when the committed file differs from what would be generated (tests use generate()).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const YAML = require('yaml');

const root = path.join(__dirname, '..');
const OUT = path.join(root, 'src/policy/generated/k8s-schemas.json');
const DEFINITIONS_OUT = path.join(root, 'src/policy/generated/k8s-schema-definitions.json');
const K8S_DEFINITIONS = 'schemas/k8s-v1.28.0-definitions.json';
const METALLB_DIR = 'crds/metallb';

/** Custom resources from the CRD catalog: the file names are lower-case, so kind and scope are stated here. */
const CATALOG = [
  { file: 'external-secrets.io/externalsecret_v1.json', kind: 'ExternalSecret', namespaced: true },
  { file: 'external-secrets.io/secretstore_v1.json', kind: 'SecretStore', namespaced: true },
  { file: 'external-secrets.io/clustersecretstore_v1.json', kind: 'ClusterSecretStore', namespaced: false },
  { file: 'bitnami.com/sealedsecret_v1alpha1.json', kind: 'SealedSecret', namespaced: true },
  { file: 'cert-manager.io/certificate_v1.json', kind: 'Certificate', namespaced: true },
  { file: 'cert-manager.io/issuer_v1.json', kind: 'Issuer', namespaced: true },
  { file: 'cert-manager.io/clusterissuer_v1.json', kind: 'ClusterIssuer', namespaced: false },
  { file: 'cloud.google.com/backendconfig_v1.json', kind: 'BackendConfig', namespaced: true },
  { file: 'monitoring.coreos.com/podmonitor_v1.json', kind: 'PodMonitor', namespaced: true },
  { file: 'monitoring.coreos.com/servicemonitor_v1.json', kind: 'ServiceMonitor', namespaced: true },
  { file: 'monitoring.coreos.com/prometheusrule_v1.json', kind: 'PrometheusRule', namespaced: true },
  { file: 'monitoring.googleapis.com/podmonitoring_v1.json', kind: 'PodMonitoring', namespaced: true },
  { file: 'networking.gke.io/frontendconfig_v1beta1.json', kind: 'FrontendConfig', namespaced: true },
  { file: 'networking.gke.io/managedcertificate_v1.json', kind: 'ManagedCertificate', namespaced: true },
  { file: 'argoproj.io/application_v1alpha1.json', kind: 'Application', namespaced: true },
  { file: 'argoproj.io/applicationset_v1alpha1.json', kind: 'ApplicationSet', namespaced: true },
  { file: 'kustomize.toolkit.fluxcd.io/kustomization_v1.json', kind: 'Kustomization', namespaced: true },
  { file: 'source.toolkit.fluxcd.io/gitrepository_v1.json', kind: 'GitRepository', namespaced: true },
  { file: 'source.toolkit.fluxcd.io/ocirepository_v1.json', kind: 'OCIRepository', namespaced: true },
];

/**
 * Built-in kinds that are cluster-scoped (the OpenAPI definitions do not say; the API discovery does).
 * Every name must be a kind of the definitions, or generation fails.
 */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterCIDR', 'ClusterRole', 'ClusterRoleBinding',
  'ClusterTrustBundle', 'ComponentStatus', 'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'FlowSchema',
  'IngressClass', 'IPAddress', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume',
  'PriorityClass', 'PriorityLevelConfiguration', 'ResourceClass', 'RuntimeClass', 'SelfSubjectAccessReview',
  'SelfSubjectReview', 'SelfSubjectRulesReview', 'StorageClass', 'StorageVersion', 'SubjectAccessReview',
  'TokenReview', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

/**
 * Enums of Kubernetes 1.28 (`+enum` types in k8s.io/api, enforced by API-server validation) that the OpenAPI v2
 * definitions do not carry. `Def.field` for a string field, `Def.field[]` for the items of a string list.
 */
const ENUM_OVERLAY = {
  'io.k8s.api.core.v1.Container.imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'io.k8s.api.core.v1.Container.terminationMessagePolicy': ['FallbackToLogsOnError', 'File'],
  'io.k8s.api.core.v1.ContainerPort.protocol': ['SCTP', 'TCP', 'UDP'],
  'io.k8s.api.core.v1.ServicePort.protocol': ['SCTP', 'TCP', 'UDP'],
  'io.k8s.api.networking.v1.NetworkPolicyPort.protocol': ['SCTP', 'TCP', 'UDP'],
  'io.k8s.api.core.v1.ServiceSpec.type': ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
  'io.k8s.api.core.v1.ServiceSpec.externalTrafficPolicy': ['Cluster', 'Local'],
  'io.k8s.api.core.v1.ServiceSpec.internalTrafficPolicy': ['Cluster', 'Local'],
  'io.k8s.api.core.v1.ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'io.k8s.api.core.v1.ServiceSpec.ipFamilyPolicy': ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  'io.k8s.api.core.v1.ServiceSpec.ipFamilies[]': ['IPv4', 'IPv6'],
  'io.k8s.api.core.v1.PodSpec.restartPolicy': ['Always', 'Never', 'OnFailure'],
  'io.k8s.api.core.v1.PodSpec.dnsPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'io.k8s.api.core.v1.PodSpec.preemptionPolicy': ['Never', 'PreemptLowerPriority'],
  'io.k8s.api.core.v1.SeccompProfile.type': ['Localhost', 'RuntimeDefault', 'Unconfined'],
  'io.k8s.api.core.v1.HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  'io.k8s.api.core.v1.Toleration.operator': ['Equal', 'Exists'],
  'io.k8s.api.core.v1.Toleration.effect': ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
  'io.k8s.api.core.v1.NodeSelectorRequirement.operator': ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
  'io.k8s.api.core.v1.TopologySpreadConstraint.whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'io.k8s.api.core.v1.TopologySpreadConstraint.nodeAffinityPolicy': ['Honor', 'Ignore'],
  'io.k8s.api.core.v1.TopologySpreadConstraint.nodeTaintsPolicy': ['Honor', 'Ignore'],
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec.volumeMode': ['Block', 'Filesystem'],
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec.accessModes[]': ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
  'io.k8s.api.apps.v1.DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'io.k8s.api.apps.v1.StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy.type': ['OnDelete', 'RollingUpdate'],
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy.type': ['OnDelete', 'RollingUpdate'],
  'io.k8s.api.batch.v1.CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'io.k8s.api.batch.v1.JobSpec.completionMode': ['Indexed', 'NonIndexed'],
  'io.k8s.api.networking.v1.NetworkPolicySpec.policyTypes[]': ['Egress', 'Ingress'],
  'io.k8s.api.networking.v1.HTTPIngressPath.pathType': ['Exact', 'ImplementationSpecific', 'Prefix'],
  'io.k8s.api.storage.v1.StorageClass.reclaimPolicy': ['Delete', 'Recycle', 'Retain'],
  'io.k8s.api.storage.v1.StorageClass.volumeBindingMode': ['Immediate', 'WaitForFirstConsumer'],
  'io.k8s.api.autoscaling.v2.MetricSpec.type': ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'],
  'io.k8s.api.autoscaling.v2.MetricTarget.type': ['AverageValue', 'Utilization', 'Value'],
  'io.k8s.api.autoscaling.v2.HPAScalingRules.selectPolicy': ['Disabled', 'Max', 'Min'],
  'io.k8s.api.autoscaling.v2.HPAScalingPolicy.type': ['Percent', 'Pods'],
};

/** Keywords copied as they are. */
const KEEP = new Set([
  'type', 'required', 'enum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'minimum', 'maximum', 'multipleOf',
]);
/** Keywords dropped: documentation, defaults, formats (not checked by the API server's schema step), CEL. */
const DROP = new Set(['description', 'default', 'example', 'externalDocs', 'title', 'format', 'nullable']);

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/**
 * resource.Quantity's syntax (k8s.io/apimachinery/pkg/api/resource), as kubebuilder publishes it for CRDs:
 * a signed decimal number with a binary-SI (Ki..Ei), decimal-SI (n u m k M G T P E) or exponent suffix.
 */
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A oneOf whose branches only name types (IntOrString, Quantity) becomes a union type. */
function unionOfTypes(oneOf) {
  if (!Array.isArray(oneOf) || !oneOf.every((b) => isObject(b) && Object.keys(b).length === 1 && typeof b.type === 'string')) {
    return undefined;
  }
  return [...new Set(oneOf.map((b) => b.type))].sort();
}

/**
 * Converts one schema node. `structural` is false inside anyOf/oneOf/allOf/not, where CRD schemas only carry
 * value validations and must not get `additionalProperties: false`.
 */
function convert(node, where, structural, refPrefix) {
  if (!isObject(node)) throw new Error(`${where}: schema is not an object`);
  const out = {};
  if (node.$ref !== undefined) {
    if (!node.$ref.startsWith(refPrefix)) throw new Error(`${where}: unexpected $ref ${node.$ref}`);
    return { $ref: '#/definitions/' + node.$ref.slice(refPrefix.length) };
  }
  const union = unionOfTypes(node.oneOf);
  const intOrString = node['x-kubernetes-int-or-string'] === true || node.format === 'int-or-string';
  for (const [key, value] of Object.entries(node)) {
    if (DROP.has(key) || key.startsWith('x-kubernetes-')) continue;
    if (KEEP.has(key)) {
      out[key] = value;
    } else if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
      // OpenAPI 3.0 boolean form -> JSON Schema draft-07 number form
      const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (value === true && typeof node[bound] === 'number') out[key] = node[bound];
      else if (typeof value === 'number') out[key] = value;
    } else if (key === 'properties') {
      out.properties = {};
      for (const name of Object.keys(value).sort()) {
        out.properties[name] = convert(value[name], `${where}.${name}`, true, refPrefix);
      }
    } else if (key === 'additionalProperties') {
      out.additionalProperties = typeof value === 'boolean' ? value : convert(value, `${where}{}`, true, refPrefix);
    } else if (key === 'items') {
      out.items = convert(value, `${where}[]`, true, refPrefix);
    } else if (key === 'oneOf' && union) {
      continue;
    } else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
      if (intOrString) continue; // `anyOf: [{type: integer}, {type: string}]` that accompanies int-or-string
      out[key] = value.map((b, i) => convert(b, `${where}/${key}[${i}]`, false, refPrefix));
    } else if (key === 'not') {
      out.not = convert(value, `${where}/not`, false, refPrefix);
    } else {
      throw new Error(`${where}: unknown schema keyword "${key}": decide whether to keep or drop it`);
    }
  }
  if (node.format === 'int32' && out.type === 'integer') {
    out.minimum = Math.max(out.minimum ?? INT32_MIN, INT32_MIN);
    out.maximum = Math.min(out.maximum ?? INT32_MAX, INT32_MAX);
  }
  if (union) out.type = union.map((t) => (t === 'number' ? 'number' : t));
  if (intOrString) out.type = ['integer', 'string'];
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...(out.properties || {}) };
  }
  if (
    structural &&
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    node['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return sortKeys(out);
}

function sortKeys(o) {
  const sorted = {};
  for (const k of Object.keys(o).sort()) sorted[k] = o[k];
  return sorted;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** A custom resource's root schema: metadata validated as ObjectMeta, apiVersion/kind always allowed. */
function convertCustomResource(schema, where) {
  const root = convert(schema, where, true, '#/definitions/');
  root.properties = {
    ...root.properties,
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: '#/definitions/' + OBJECT_META },
  };
  root.properties = sortKeys(root.properties);
  root.additionalProperties = false;
  root.type = 'object';
  return sortKeys(root);
}

function sha256(text) {
  return 'sha256:' + crypto.createHash('sha256').update(text).digest('hex');
}

function applyEnumOverlay(definitions) {
  for (const [target, values] of Object.entries(ENUM_OVERLAY)) {
    const list = target.endsWith('[]');
    const dotted = list ? target.slice(0, -2) : target;
    const cut = dotted.lastIndexOf('.');
    const def = definitions[dotted.slice(0, cut)];
    let field = def && def.properties && def.properties[dotted.slice(cut + 1)];
    if (field && list) field = field.type === 'array' ? field.items : undefined;
    if (!field || field.type !== 'string') throw new Error(`ENUM_OVERLAY: ${target} is not a string field of the definitions`);
    field.enum = [...values];
  }
}

/** Builds the generated file's text from the shared directory (default: ../shared next to the repo). */
function generate(sharedDir = path.join(root, '..', 'shared')) {
  const sources = {};
  const read = (rel) => {
    const text = fs.readFileSync(path.join(sharedDir, rel), 'utf8');
    sources[rel] = sha256(text);
    return text;
  };

  const upstream = JSON.parse(read(K8S_DEFINITIONS)).definitions;
  const definitions = {};
  const kinds = {};
  const addKind = (apiVersion, kind, ref, namespaced) => {
    const key = `${apiVersion}/${kind}`;
    if (kinds[key] && kinds[key].ref !== ref) throw new Error(`two schemas for ${key}`);
    kinds[key] = { namespaced, ref };
  };

  const seenKinds = new Set();
  for (const name of Object.keys(upstream).sort()) {
    const def = upstream[name];
    definitions[name] = convert(def, name, true, '#/definitions/');
    const gvks = def['x-kubernetes-group-version-kind'] || [];
    // DeleteOptions, WatchEvent and the like list every group; only kinds of their own group are objects.
    if (gvks.length !== 1) continue;
    const { group, version, kind } = gvks[0];
    seenKinds.add(kind);
    addKind(group ? `${group}/${version}` : version, kind, name, !CLUSTER_SCOPED.has(kind));
  }
  for (const kind of CLUSTER_SCOPED) {
    if (!seenKinds.has(kind)) throw new Error(`CLUSTER_SCOPED names ${kind}, which is no kind of the definitions`);
  }
  applyEnumOverlay(definitions);
  definitions[QUANTITY] = sortKeys({ ...definitions[QUANTITY], pattern: QUANTITY_PATTERN });

  const crdFiles = fs.readdirSync(path.join(sharedDir, METALLB_DIR)).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of crdFiles) {
    const rel = `${METALLB_DIR}/${file}`;
    for (const doc of YAML.parseAllDocuments(read(rel))) {
      const crd = doc.toJS();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      const { group, names, scope, versions } = crd.spec;
      for (const v of versions) {
        if (!v.served) continue;
        const name = `crd.${group}.${v.name}.${names.kind}`;
        definitions[name] = convertCustomResource(v.schema.openAPIV3Schema, `${rel}:${v.name}`);
        addKind(`${group}/${v.name}`, names.kind, name, scope === 'Namespaced');
      }
    }
  }
  for (const entry of CATALOG) {
    const rel = `crds/catalog/${entry.file}`;
    const m = /^([^/]+)\/([a-z0-9]+)_([a-z0-9]+)\.json$/.exec(entry.file);
    if (!m || m[2] !== entry.kind.toLowerCase()) throw new Error(`CATALOG: ${entry.file} does not name kind ${entry.kind}`);
    const [, group, , version] = m;
    const name = `crd.${group}.${version}.${entry.kind}`;
    definitions[name] = convertCustomResource(JSON.parse(read(rel)), rel);
    addKind(`${group}/${version}`, entry.kind, name, entry.namespaced);
  }

  const comment = `"$comment": ${JSON.stringify('GENERATED by scripts/policy-gen-schemas.js - do not edit. Regenerate: node scripts/policy-gen-schemas.js')},`;
  const kubernetesVersion = 'v1.28.0';
  const sortedKinds = sortKeys(kinds);
  const sortedDefinitions = sortKeys(definitions);
  const defs = ['{', comment, '"definitions": {'];
  const defKeys = Object.keys(sortedDefinitions);
  defKeys.forEach((k, i) => defs.push(`${JSON.stringify(k)}: ${JSON.stringify(sortedDefinitions[k])}${i < defKeys.length - 1 ? ',' : ''}`));
  defs.push('}', '}');
  const index = ['{', comment, `"kubernetesVersion": "${kubernetesVersion}",`, `"sources": ${JSON.stringify(sortKeys(sources))},`];
  // What a validator's cache key needs of the schemas, so a synth does not hash 1 MB of definitions
  // (or even read them: they are in their own file, read only when Ajv has to compile a validator).
  index.push(`"digest": ${JSON.stringify(bundleDigest(kubernetesVersion, sortedKinds, sortedDefinitions))},`);
  index.push('"kinds": {');
  const kindKeys = Object.keys(sortedKinds);
  kindKeys.forEach((k, i) => index.push(`${JSON.stringify(k)}: ${JSON.stringify(sortedKinds[k])}${i < kindKeys.length - 1 ? ',' : ''}`));
  index.push('}', '}');
  return { [OUT]: index.join('\n') + '\n', [DEFINITIONS_OUT]: defs.join('\n') + '\n' };
}

/**
 * The digest of a schema bundle: sha256 of the JSON of [kubernetesVersion, kinds, definitions]. The
 * same function as src/policy/schema/validator.ts's `schemaBundleDigest` (a test holds them together).
 */
function bundleDigest(kubernetesVersion, kinds, definitions) {
  return crypto.createHash('sha256').update(JSON.stringify([kubernetesVersion, kinds, definitions])).digest('hex');
}

module.exports = { generate, OUT, DEFINITIONS_OUT, ENUM_OVERLAY, CATALOG, CLUSTER_SCOPED };

if (require.main === module) {
  const args = process.argv.slice(2);
  const sharedAt = args.indexOf('--shared');
  const files = generate(sharedAt >= 0 ? path.resolve(args[sharedAt + 1]) : undefined);
  if (args.includes('--check')) {
    for (const [file, text] of Object.entries(files)) {
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (current !== text) {
        console.error(`${path.relative(root, file)} is stale: run node scripts/policy-gen-schemas.js`);
        process.exit(1);
      }
    }
  } else {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      console.log(`wrote ${path.relative(root, file)} (${text.length} bytes)`);
    }
  }
}
