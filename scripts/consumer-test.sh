#!/usr/bin/env bash
# Consumer test: does the published package work for a team that only has the tarball?
#
#   1. build (tsconfig.build.json) and `npm pack` the library;
#   2. check the tarball: the build, the JSON it loads and the CHANGELOG are in; dist/, cdktf.out/,
#      tests, sources (.ts other than .d.ts), configs and bundles are not;
#   3. install the tarball with its peers into a fresh project, OFFLINE from the npm cache (run
#      `npm ci` first); cdktf and the Google provider (optional peers) are not installed;
#   4. compile a small app against it with strict TypeScript and skipLibCheck: false, once with
#      node16 module resolution (the `exports` map) and once with node10 (`main`/`types`);
#   5. run it: its own profile, a WebService, a Worker, an extra object and a waiver in an
#      EnvironmentChart, synthesized with the library's synth API; check the objects, that nothing
#      loaded cdktf, and that `@shipyard/k8s/infra` resolves;
#   6. run the packaged CLI (`bin`);
#   7. add the optional peers cdktf and @cdktf/provider-google, compile and run an app that
#      synthesizes a Google Cloud stack through `@shipyard/k8s/infra`;
#   8. a second, unrelated project (payments API, worker, Redis, database; dev and prod in its
#      shipyard.config.ts, prod-clone in environments/prod-clone.yaml): type-check its project file,
#      then drive every command through `npx shipyard-k8s` (envs, envs show, synth with --env and
#      --set, diff, validate), with no build step and no `shop` in anything it prints or writes.
# The example in docs/library.md is compiled (step 4) and run (step 5) the same way.
#
# Usage: scripts/consumer-test.sh            (KEEP=1 keeps the temporary directory)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/shipyard-consumer.XXXXXX")"
cleanup() { if [ -n "${KEEP:-}" ]; then echo "consumer-test: kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
START=$SECONDS
step() { printf '[consumer-test %3ds] %s\n' "$((SECONDS - START))" "$*"; }
fail() { echo "consumer-test: FAIL: $*" >&2; exit 1; }
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

pkgfield() { node -p "require('$ROOT/package.json').$1"; }
devver() { node -p "require('$ROOT/package.json').devDependencies['$1']"; }

# --- 1. build and pack ----------------------------------------------------------------------
step "build (npm run build)"
(cd "$ROOT" && npm run --silent build)
step "npm pack"
(cd "$ROOT" && npm pack --ignore-scripts --json --pack-destination "$WORK" > "$WORK/pack.json" 2> "$WORK/pack.err") ||
  { cat "$WORK/pack.err" >&2; fail "npm pack failed"; }
TARBALL="$WORK/$(node -p "require('$WORK/pack.json')[0].filename")"
[ -f "$TARBALL" ] || fail "no tarball at $TARBALL"
step "packed $(basename "$TARBALL") ($(du -k "$TARBALL" | cut -f1) KiB, $(node -p "require('$WORK/pack.json')[0].entryCount") files)"

# --- 2. tarball contents --------------------------------------------------------------------
tar -tzf "$TARBALL" | sort > "$WORK/contents.txt"
FORBIDDEN='^package/(dist|cdktf\.out|test|src|imports|scripts|bench|docs|etc|\.build|\.ci|\.scratch|coverage|node_modules)/|^package/lib/(test|\.api-extractor)/|\.test\.|\.spec\.|(^|/)(tsconfig[^/]*|jest\.config\.js|api-extractor[^/]*|tsdoc\.json|cdk8s\.yaml|cdktf\.json|package-lock\.json)$|\.tgz$'
if grep -E "$FORBIDDEN" "$WORK/contents.txt" > "$WORK/bad.txt"; then
  head -20 "$WORK/bad.txt" >&2
  fail "the tarball holds $(wc -l < "$WORK/bad.txt") file(s) consumers do not need (above)"
fi
if grep -E '\.(ts|tsx|mts|cts)$' "$WORK/contents.txt" | grep -vE '\.d\.(ts|mts|cts)$' > "$WORK/bad.txt"; then
  head -20 "$WORK/bad.txt" >&2
  fail "the tarball holds TypeScript sources (above)"
fi
for f in package.json CHANGELOG.md \
  lib/src/index.js lib/src/index.d.ts lib/src/index.d.ts.map \
  lib/src/infra/index.js lib/src/infra/index.d.ts lib/src/cli/main.js \
  lib/src/profiles/environment-profile.schema.json lib/src/policy/generated/k8s-schemas.json \
  lib/imports/metallb.io.js lib/imports/metallb.io.d.ts; do
  grep -qxF "package/$f" "$WORK/contents.txt" || fail "the tarball lacks $f"
done
# (a file, not a pipe into head: with pipefail, tar's SIGPIPE would fail the check)
tar -xzOf "$TARBALL" package/lib/src/cli/main.js > "$WORK/cli-main.js"
[ "$(head -n 1 "$WORK/cli-main.js")" = '#!/usr/bin/env node' ] || fail "the CLI (bin) does not start with #!/usr/bin/env node"
step "tarball contents ok"

# --- 3. a fresh project, installed offline ----------------------------------------------------
# First the way a consumer installs: `npm install <tarball> <peers>`, offline. npm 11 resolves new
# specs with the full registry metadata, which `npm ci` does not put in the cache (it keeps the
# abbreviated documents), so on a machine whose cache only ever saw `npm ci` that fails with
# ENOTCACHED or "Found: cdk8s@undefined". Then the same packages are installed from a lock file cut
# from the repo's own (same versions and integrity, the tarball as a file: dependency) with
# `npm ci --offline`. Either way, `npm ls` then checks the installed peers against the ranges.
APP="$WORK/app"
mkdir -p "$APP/src"
cat > "$APP/package.json" <<'EOF'
{ "name": "shipyard-consumer", "version": "0.0.0", "private": true, "license": "UNLICENSED" }
EOF
PEERS=(
  "cdk8s@$(devver cdk8s)"
  "cdk8s-plus-28@$(devver cdk8s-plus-28)"
  "constructs@$(devver constructs)"
  "typescript@$(devver typescript)"
  "@types/node@$(devver @types/node)"
)
cat > "$WORK/cut-lock.js" <<'EOF'
// Writes the app's package.json and package-lock.json: the tarball, the given name@version specs,
// and everything they need (dependencies, bundled and optional ones, non-optional peers), with the
// versions and integrity of the repo's lock file.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const [repoLockPath, tarball, appDir, ...specs] = process.argv.slice(2);
const repo = JSON.parse(fs.readFileSync(repoLockPath, 'utf8')).packages;
const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
const tgz = 'file:' + path.relative(appDir, tarball);
const nameOf = (spec) => spec.slice(0, spec.lastIndexOf('@'));
const rootDeps = { [pkg.name]: tgz, ...Object.fromEntries(specs.map((s) => [nameOf(s), s.slice(s.lastIndexOf('@') + 1)])) };
const packages = {
  '': { name: 'shipyard-consumer', version: '0.0.0', license: 'UNLICENSED', dependencies: rootDeps },
  [`node_modules/${pkg.name}`]: {
    version: pkg.version,
    resolved: tgz,
    integrity: 'sha512-' + crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64'),
    license: pkg.license,
    dependencies: pkg.dependencies,
    bin: pkg.bin,
    engines: pkg.engines,
    peerDependencies: pkg.peerDependencies,
    peerDependenciesMeta: pkg.peerDependenciesMeta,
  },
};
/** Node's lookup: <from>/node_modules/<name>, then each enclosing node_modules, then the top. */
const locate = (from, name) => {
  for (let dir = from; ; dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
    const loc = `${dir ? dir + '/' : ''}node_modules/${name}`;
    if (repo[loc]) return loc;
    if (!dir) return undefined;
  }
};
const queue = [...Object.keys(pkg.dependencies ?? {}), ...specs.map(nameOf)].map((name) => ['', name, true]);
while (queue.length) {
  const [from, name, required] = queue.shift();
  const loc = locate(from, name);
  if (!loc) {
    if (required) throw new Error(`${name} (needed by ${from || 'the app'}) is not in the repo's package-lock.json`);
    continue;
  }
  if (packages[loc]) continue;
  const entry = { ...repo[loc] };
  for (const flag of ['dev', 'devOptional', 'peer']) delete entry[flag];
  packages[loc] = entry;
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  for (const dep of Object.keys(entry.dependencies ?? {})) queue.push([loc, dep, true]);
  for (const dep of Object.keys(entry.optionalDependencies ?? {})) queue.push([loc, dep, false]);
  for (const dep of Object.keys(entry.peerDependencies ?? {})) if (!optionalPeers[dep]?.optional) queue.push([loc, dep, true]);
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
const lock = { name: 'shipyard-consumer', version: '0.0.0', lockfileVersion: 3, requires: true, packages: sorted };
fs.writeFileSync(path.join(appDir, 'package-lock.json'), JSON.stringify(lock, null, 2) + '\n');
fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ ...sorted[''], private: true }, null, 2) + '\n');
EOF
# install_offline SPEC... : the tarball and SPECs into $APP, offline; sets INSTALLED_BY.
install_offline() {
  step "npm install --offline $(basename "$TARBALL") $*"
  if (cd "$APP" && npm install --offline --no-audit --no-fund --loglevel=error "$TARBALL" "$@") > "$WORK/install.log" 2>&1; then
    INSTALLED_BY="npm install --offline"
    return
  fi
  grep -qE 'ENOTCACHED|Found: [^ ]+@undefined' "$WORK/install.log" || { cat "$WORK/install.log" >&2; fail "offline install failed"; }
  step "the npm cache lacks full registry metadata (only 'npm ci' filled it): npm ci --offline with a lock cut from the repo's"
  rm -rf "$APP/node_modules" "$APP/package-lock.json"
  node "$WORK/cut-lock.js" "$ROOT/package-lock.json" "$TARBALL" "$APP" "$@" || fail "cannot cut a lock file from the repo's package-lock.json"
  (cd "$APP" && npm ci --offline --no-audit --no-fund --loglevel=error) >> "$WORK/install.log" 2>&1 ||
    { cat "$WORK/install.log" >&2; fail "offline install failed (run 'npm ci' in the repo first, so the npm cache has the packages)"; }
  INSTALLED_BY="npm ci --offline (lock cut from the repo's)"
}
install_offline "${PEERS[@]}"
(cd "$APP" && npm ls --loglevel=error @shipyard/k8s cdk8s cdk8s-plus-28 constructs > "$WORK/ls.log" 2>&1) ||
  { cat "$WORK/ls.log" >&2; fail "npm ls: the installed peers do not satisfy the package's ranges"; }
for optional in cdktf @cdktf/provider-google; do
  [ ! -e "$APP/node_modules/$optional" ] || fail "$optional (an optional peer) was installed"
done
[ -x "$APP/node_modules/.bin/shipyard-k8s" ] || fail "the bin shipyard-k8s is not linked"
step "installed by $INSTALLED_BY ($(du -sk "$APP/node_modules" | cut -f1) KiB node_modules)"

# --- 4. a strict app --------------------------------------------------------------------------
cat > "$APP/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2022"],
    "module": "node16",
    "moduleResolution": "node16",
    "strict": true,
    "exactOptionalPropertyTypes": false,
    "noUncheckedIndexedAccess": true,
    "noImplicitOverride": true,
    "noUnusedLocals": true,
    "skipLibCheck": false,
    "types": ["node"],
    "outDir": "out",
    "rootDir": "src"
  },
  "include": ["src"]
}
EOF
cat > "$APP/src/app.ts" <<'EOF'
// What another team writes: its own environment, its own services, synthesized with the library.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject } from 'cdk8s';
import {
  Environment,
  EnvironmentChart,
  EnvironmentProfile,
  Probe,
  ProfileValidationError,
  WebService,
  Worker,
  renderEnvironment,
  waive,
  writeOutput,
} from '@shipyard/k8s';

const profile: EnvironmentProfile = {
  name: 'payments-dev',
  platform: 'gke',
  namespace: 'payments',
  registry: 'europe-docker.pkg.dev/payments/images',
  domain: 'payments.dev.example.com',
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 65 },
  storage: {
    fast: { name: 'payments-fast', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' } },
    bulk: { name: 'payments-bulk', provisioner: 'pd.csi.storage.gke.io' },
  },
  exposure: { serviceType: 'LoadBalancer' },
  database: { mode: 'in-cluster' },
  gcp: {
    project: 'payments-dev',
    region: 'europe-west4',
    clusterName: 'payments-dev',
    sqlInstance: 'payments-dev',
    sqlTier: 'db-custom-1-3840',
    highAvailability: false,
    deletionProtection: false,
    serviceAccountId: 'payments-dev-app',
    stateBucket: 'payments-dev-terraform-state',
  },
  secrets: { mode: 'external-secrets', store: { kind: 'ClusterSecretStore', name: 'payments-secrets' }, backend: 'gcp-secret-manager' },
  cluster: { networkPolicy: { provider: 'dataplane-v2', enforced: true }, metrics: { provider: 'gke' }, operators: { externalSecrets: '0.18.2' } },
};

function payments(chart: EnvironmentChart): void {
  const api = new WebService(chart, 'payments-api', {
    image: { repository: 'payments-api', tag: '2.3.1' },
    port: 8080,
    healthPath: '/healthz',
    env: { LOG_LEVEL: 'info' },
    resources: { cpu: '250m', memory: '256Mi' },
  });
  const worker = new Worker(chart, 'payments-settle', {
    image: { repository: 'payments-worker', tag: 'latest' },
    args: ['settle'],
    talksTo: [api],
    liveness: Probe.exec(['/bin/healthcheck'], { periodSeconds: 30 }),
  });
  waive(worker, 'image-tag-pinned', 'dev only: the settle worker follows its main branch');
  new ApiObject(chart, 'feature-flags', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'feature-flags',
      namespace: chart.environment.namespace,
      labels: {
        'app.kubernetes.io/name': 'feature-flags',
        'app.kubernetes.io/part-of': chart.environment.project,
        'app.kubernetes.io/component': 'config',
        'app.kubernetes.io/managed-by': 'cdk8s',
      },
    },
    data: { 'new-checkout': 'true' },
  });
}

const out = renderEnvironment(new Environment(profile, { project: 'payments' }), payments);
const outdir = process.argv[2] ?? 'manifests';
writeOutput(outdir, [out]);

const kinds = out.manifests.map((m) => `${m.kind}/${m.metadata?.name ?? ''}`).sort();
const files = fs.readdirSync(path.join(outdir, profile.name)).sort();
const loadedCdktf = Object.keys(require.cache).filter((k) => /[\\/]node_modules[\\/](cdktf|@cdktf)[\\/]/.test(k));
let rejected = '';
try {
  renderEnvironment(new Environment({ ...profile, name: 'Bad_Name' }, { project: 'payments' }), payments);
} catch (e) {
  if (e instanceof ProfileValidationError) rejected = e.issues.map((i) => i.field).join(',');
}
console.log(JSON.stringify({ environment: out.name, objectCount: out.objectCount, kinds, files, waived: out.waived.map((w) => w.finding.ruleId), loadedCdktf, rejected, images: out.manifests.flatMap((m) => JSON.stringify(m).match(/"image":"[^"]+"/g) ?? []) }));
EOF
# The example of docs/library.md ("## Example", first ```ts block) is compiled and run as well.
node - "$ROOT/docs/library.md" "$APP/src/docs-example.ts" <<'EOF' || fail "no example in docs/library.md"
const fs = require('node:fs');
const text = fs.readFileSync(process.argv[2], 'utf8');
const m = /^## Example\n[\s\S]*?^```ts\n([\s\S]*?)^```$/m.exec(text);
if (!m) throw new Error('docs/library.md has no "## Example" section with a ```ts block');
fs.writeFileSync(process.argv[3], m[1]);
EOF
step "tsc (strict, skipLibCheck: false, module node16)"
(cd "$APP" && ./node_modules/.bin/tsc -p tsconfig.json) || fail "the app does not compile against the package (node16 resolution)"
step "tsc (module commonjs, moduleResolution node10)"
(cd "$APP" && ./node_modules/.bin/tsc -p tsconfig.json --module commonjs --moduleResolution node10 --noEmit) ||
  fail "the app does not compile against the package (node10 resolution)"

# --- 5. run it --------------------------------------------------------------------------------
step "node out/app.js"
(cd "$APP" && node out/app.js "$WORK/manifests") > "$WORK/result.json" || fail "the app failed to synthesize"
node - "$WORK/result.json" "$WORK/manifests" <<'EOF' || fail "the synthesized output is not what the app asked for"
const fs = require('node:fs');
const path = require('node:path');
const r = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const problems = [];
const want = [
  'Namespace/payments', 'StorageClass/payments-fast', 'StorageClass/payments-bulk', 'NetworkPolicy/default-deny',
  'Deployment/payments-api', 'Service/payments-api', 'HorizontalPodAutoscaler/payments-api', 'PodDisruptionBudget/payments-api',
  'NetworkPolicy/payments-api', 'Deployment/payments-settle', 'ConfigMap/feature-flags',
];
for (const k of want) if (!r.kinds.includes(k)) problems.push(`missing ${k}`);
if (r.kinds.some((k) => k === 'Service/payments-settle')) problems.push('the Worker got a Service');
if (JSON.stringify(r.waived) !== JSON.stringify(['image-tag-pinned'])) problems.push(`waived: ${JSON.stringify(r.waived)}`);
if (r.loadedCdktf.length) problems.push(`cdktf was loaded: ${r.loadedCdktf.slice(0, 3).join(', ')}`);
if (!r.rejected.includes('name')) problems.push(`an invalid profile was not rejected naming the field (got "${r.rejected}")`);
if (!r.images.every((i) => i.includes('europe-docker.pkg.dev/payments/images/'))) problems.push(`images not from the profile's registry: ${r.images}`);
const dir = path.join(process.argv[3], r.environment);
const yaml = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
  if (!new RegExp(`^kind: ${kind}$`, 'm').test(yaml)) problems.push(`no ${kind} in the written YAML`);
}
if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
console.log(`  ${r.environment}: ${r.objectCount} objects in ${r.files.join(', ')}; waived ${r.waived.join(', ')}`);
EOF
(cd "$APP" && node -e "
  const p = require.resolve('@shipyard/k8s/infra');
  if (!/lib[\\\\/]src[\\\\/]infra[\\\\/]index\.js$/.test(p)) throw new Error('@shipyard/k8s/infra resolves to ' + p);
  let denied = false;
  try { require.resolve('@shipyard/k8s/lib/src/platform'); } catch { denied = true; }
  if (!denied) throw new Error('the reference platform is importable: it is not the library API');
") || fail "the exports map is wrong"
mkdir -p "$WORK/docs-example"
(cd "$WORK/docs-example" && node "$APP/out/docs-example.js") > "$WORK/docs-example.txt" || fail "the example of docs/library.md failed"
grep -qx 'payments-dev: [0-9]* objects' "$WORK/docs-example.txt" || fail "the example of docs/library.md printed: $(cat "$WORK/docs-example.txt")"
grep -q '^kind: Deployment$' "$WORK/docs-example/manifests/payments-dev/20-workloads.yaml" || fail "the example of docs/library.md wrote no Deployment"
step "synthesized and checked (and the docs/library.md example: $(cat "$WORK/docs-example.txt"))"

# --- 6. the CLI -------------------------------------------------------------------------------
(cd "$APP" && ./node_modules/.bin/shipyard-k8s --help > "$WORK/cli.txt" 2>&1) || { cat "$WORK/cli.txt" >&2; fail "shipyard-k8s --help failed"; }
grep -q 'Usage: shipyard-k8s' "$WORK/cli.txt" || fail "shipyard-k8s --help printed no usage"
step "CLI runs"

# --- 7. the infra entry, with its optional peers ----------------------------------------------
INFRA_PEERS=("cdktf@$(devver cdktf)" "@cdktf/provider-google@$(devver @cdktf/provider-google)")
install_offline "${PEERS[@]}" "${INFRA_PEERS[@]}"
(cd "$APP" && npm ls --loglevel=error @shipyard/k8s cdktf @cdktf/provider-google > "$WORK/ls.log" 2>&1) ||
  { cat "$WORK/ls.log" >&2; fail "npm ls: cdktf or the provider do not satisfy the package's ranges"; }
cat > "$APP/src/infra-app.ts" <<'EOF'
// A Google Cloud stack for one's own environment, through @shipyard/k8s/infra.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_PROFILES, Environment, EnvironmentProfile } from '@shipyard/k8s';
import { ShopCloudStackProps, synthInfra } from '@shipyard/k8s/infra';

const profile: EnvironmentProfile = { ...BUILTIN_PROFILES.staging, name: 'payments-staging' };
const props: Omit<ShopCloudStackProps, 'environment'> = { network: { nodes: '10.20.0.0/20' } };
const outdir = path.join(process.argv[2] ?? '.', 'cdktf.out');
const { stacks } = synthInfra({ outdir, environments: [new Environment(profile, { project: 'payments' })], ...props });
const doc = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'payments-staging', 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, unknown> };
console.log(`${stacks.join(',')}: ${Object.keys(doc.resource ?? {}).sort().join(' ')}`);
EOF
step "tsc with @shipyard/k8s/infra (node16, then node10)"
(cd "$APP" && ./node_modules/.bin/tsc -p tsconfig.json) || fail "the app does not compile against @shipyard/k8s/infra (node16 resolution)"
(cd "$APP" && ./node_modules/.bin/tsc -p tsconfig.json --module commonjs --moduleResolution node10 --noEmit) ||
  fail "the app does not compile against @shipyard/k8s/infra (node10 resolution)"
(cd "$APP" && node out/infra-app.js "$WORK") > "$WORK/infra.txt" || fail "the infra app failed"
grep -q '^payments-staging: .*google_container_cluster' "$WORK/infra.txt" || fail "the infra app printed: $(cat "$WORK/infra.txt")"
step "infra entry synthesized ($(cut -c1-100 "$WORK/infra.txt")...)"

# --- 8. a project of its own, through the CLI ------------------------------------------------
PROJ="$APP/payments"
mkdir -p "$PROJ/environments" "$PROJ/services"
cat > "$PROJ/shipyard.config.ts" <<'EOF'
// The payments team's project: its environments in code, its platform in platform.ts.
import { defineProject, EnvironmentProfile } from '@shipyard/k8s';
import { payments } from './platform';

const dev: EnvironmentProfile = {
  name: 'dev',
  platform: 'minikube',
  registry: 'registry.local/payments',
  domain: 'payments.test',
  autoscaling: { enabled: false, minReplicas: 1, maxReplicas: 1 },
  storage: {
    fast: { name: 'payments-fast', provisioner: 'k8s.io/minikube-hostpath', volumeBindingMode: 'Immediate' },
    bulk: { name: 'payments-bulk', provisioner: 'k8s.io/minikube-hostpath', volumeBindingMode: 'Immediate' },
  },
  exposure: { serviceType: 'NodePort', externalTrafficPolicy: 'Cluster' },
  database: { mode: 'in-cluster' },
  secrets: { mode: 'inline-dev' },
  cluster: { networkPolicy: { provider: 'calico', enforced: true } },
};

const prod: EnvironmentProfile = {
  name: 'prod',
  platform: 'gke',
  registry: 'europe-docker.pkg.dev/payments-prod/images',
  domain: 'payments.example.com',
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 8 },
  storage: {
    fast: { name: 'payments-fast', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' } },
    bulk: { name: 'payments-bulk', provisioner: 'pd.csi.storage.gke.io' },
  },
  exposure: { serviceType: 'LoadBalancer', externalTrafficPolicy: 'Local' },
  database: { mode: 'cloud-sql' },
  gcp: {
    project: 'payments-prod',
    region: 'europe-west4',
    clusterName: 'payments-prod',
    sqlInstance: 'payments-prod',
    sqlTier: 'db-custom-2-7680',
    highAvailability: true,
    deletionProtection: true,
    serviceAccountId: 'payments-prod-app',
    stateBucket: 'payments-prod-terraform-state',
  },
  placement: {
    nodeGroups: [{ name: 'app-pool', machineType: 'e2-standard-4', minNodes: 2, maxNodes: 6, allocatableCpuMillis: 3920, allocatableMemoryMiB: 13_000 }],
  },
  secrets: { mode: 'external-secrets', store: { kind: 'ClusterSecretStore', name: 'gcp-secret-manager' }, backend: 'gcp-secret-manager' },
  cluster: { networkPolicy: { provider: 'dataplane-v2', enforced: true }, metrics: { provider: 'gke' }, operators: { externalSecrets: '0.18.2' }, kubernetesVersion: '1.30' },
};

export default defineProject({ name: 'payments', environments: [dev, prod], platform: payments, infra: {} });
EOF
cat > "$PROJ/platform.ts" <<'EOF'
import { EnvironmentChart, MySqlDatabase, Probe, RedisCache, WebService, Worker } from '@shipyard/k8s';

/** A payments API with its database and cache, and the worker that settles payments. */
export function payments(chart: EnvironmentChart): void {
  const db = new MySqlDatabase(chart, 'ledger-db');
  const cache = new RedisCache(chart, 'cache', { maxMemory: '128mb' });
  const api = new WebService(chart, 'payments-api', {
    image: { repository: 'payments-api', tag: '2.3.1' },
    port: 8080,
    healthPath: '/healthz',
    database: db,
    talksTo: [cache],
    resources: { cpu: '250m', memory: '256Mi' },
  });
  new Worker(chart, 'settlement', {
    image: { repository: 'payments-worker', tag: '2.3.1' },
    args: ['settle'],
    database: db,
    talksTo: [api],
    liveness: Probe.exec(['/bin/healthcheck'], { periodSeconds: 30 }),
  });
}
EOF
cat > "$PROJ/environments/prod-clone.yaml" <<'EOF'
# prod's shape on a clone of its database, for rehearsing a migration.
extends: prod
domain: clone.payments.example.com
autoscaling:
  minReplicas: 1
  maxReplicas: 2
gcp:
  clusterName: payments-clone
  sqlInstance: payments-clone
  cloneOf: payments-prod
  highAvailability: false
  deletionProtection: true
  serviceAccountId: payments-clone-app
EOF
cat > "$PROJ/tsconfig.json" <<'EOF'
{ "extends": "../tsconfig.json", "compilerOptions": { "noEmit": true, "rootDir": "." }, "include": ["*.ts"] }
EOF
step "tsc: the payments project file and its platform type-check against the package"
(cd "$PROJ" && ../node_modules/.bin/tsc -p tsconfig.json) || fail "the project file does not type-check against the package"
CLI_LOG="$WORK/cli-project.log"
: > "$CLI_LOG"
# cli NAME ARGS...: `npx shipyard-k8s ARGS` in a subdirectory of the project (it finds shipyard.config.ts upward).
cli() {
  local name="$1"
  shift
  (cd "$PROJ/services" && npx --no-install shipyard-k8s "$@") > "$WORK/cli-$name.out" 2> "$WORK/cli-$name.err" ||
    { cat "$WORK/cli-$name.out" "$WORK/cli-$name.err" >&2; fail "shipyard-k8s $* failed"; }
  cat "$WORK/cli-$name.out" "$WORK/cli-$name.err" >> "$CLI_LOG"
}
step "npx shipyard-k8s envs, envs show, synth, diff, validate on the payments project"
cli envs envs
grep -Eq '^prod-clone +gke +clone\.payments\.example\.com .* yes +environments/prod-clone\.yaml \(extends prod\)$' "$WORK/cli-envs.out" ||
  fail "envs does not list prod-clone from its file: $(cat "$WORK/cli-envs.out")"
cli show envs show prod-clone --set gcp.sqlTier=db-custom-4-15360
grep -Eq '^gcp\.sqlInstance +payments-clone +environments/prod-clone\.yaml$' "$WORK/cli-show.out" || fail "envs show: gcp.sqlInstance not from the file: $(cat "$WORK/cli-show.out")"
grep -Eq '^gcp\.sqlTier +db-custom-4-15360 +--set gcp\.sqlTier=db-custom-4-15360$' "$WORK/cli-show.out" || fail "envs show: gcp.sqlTier not from --set"
grep -Eq '^gcp\.region +europe-west4 +shipyard\.config\.ts$' "$WORK/cli-show.out" || fail "envs show: gcp.region not from shipyard.config.ts"
cli synth-one synth --env prod --set gcp.sqlInstance=payments-rehearsal --outdir "$WORK/rehearsal"
grep -q 'payments-prod:europe-west4:payments-rehearsal' "$WORK/rehearsal/prod/20-workloads.yaml" || fail "synth --set did not reach the manifests"
grep -q '"name": "payments-rehearsal"' "$WORK/rehearsal/cdktf.out/stacks/prod/cdk.tf.json" || fail "synth --set did not reach the Terraform stack"
grep -q 'overrides applied: --set gcp.sqlInstance=payments-rehearsal' "$WORK/cli-synth-one.out" || fail "the synth summary does not list the override"
cli synth synth
for env in dev prod prod-clone; do [ -d "$PROJ/dist/$env" ] || fail "synth did not write dist/$env"; done
for env in prod prod-clone; do [ -f "$PROJ/cdktf.out/stacks/$env/cdk.tf.json" ] || fail "synth did not write the stack of $env"; done
[ ! -e "$PROJ/cdktf.out/stacks/dev" ] || fail "dev (minikube) got a Terraform stack"
cli diff diff prod prod-clone
grep -q 'Cloud SQL proxy → payments-prod:europe-west4:payments-clone' "$WORK/cli-diff.out" || fail "diff does not show the clone's database: $(head -20 "$WORK/cli-diff.out")"
cli validate validate
grep -q 'no error findings in 3 environment' "$WORK/cli-validate.out" || fail "validate: $(cat "$WORK/cli-validate.out")"
if grep -rli 'shop' "$CLI_LOG" "$PROJ/dist" "$PROJ/cdktf.out" > "$WORK/shop.txt"; then
  grep -rni 'shop' "$CLI_LOG" "$PROJ/dist" "$PROJ/cdktf.out" | head -10 >&2
  fail "'shop' appears in the payments project's output ($(wc -l < "$WORK/shop.txt") file(s))"
fi
step "payments project: $(find "$PROJ/dist" "$PROJ/cdktf.out" -type f | wc -l) files for dev, prod, prod-clone (stacks for prod, prod-clone); no 'shop' in them or in what the CLI printed"

echo "consumer-test: OK in $((SECONDS - START))s"
