/**
 * The reference shop with its committed image lock: the environments whose profile pins digests (gke,
 * baremetal) write every container image — init containers, sidecars, Jobs included — as
 * `image:tag@sha256:…`, the others plain tags; each environment's release/images.txt lists what its
 * site pulls, metrics-server included where the site runs its own.
 */
import { BUILTIN_PROFILES } from '../../src/profiles';
import { shopPlatform } from '../../src/platform';
import { renderEnvironment } from '../../src/synth/synth';
import { containersOf, podTemplateOf } from '../../src/policy/k8s';
import { Json } from '../../src/manifests/json';
import { SHOP_IMAGE_DIGESTS, shopEnvironment } from '../support/render';
import { Environment } from '../../src/profiles';
import { SHOP_PROJECT } from '../../src/platform';

const outputs = Object.fromEntries(Object.values(BUILTIN_PROFILES).map((p) => [p.name, renderEnvironment(shopEnvironment(p), shopPlatform)]));

/** Every container image of an environment, with where it is. */
function images(env: string): { where: string; image: string }[] {
  return outputs[env].manifests.flatMap((m) => {
    const pod = podTemplateOf(m.kind, m as unknown as Json);
    return pod ? containersOf(pod).map((c) => ({ where: `${m.kind} ${m.metadata?.name ?? ''} ${c.path}`, image: String(c.container.image) })) : [];
  });
}

test.each(['gke', 'baremetal'])('%s writes every container image with its locked digest', (env) => {
  const all = images(env);
  expect(all.length).toBeGreaterThan(15);
  const digestOf = (image: string) => image.slice(image.indexOf('@') + 1);
  for (const { where, image } of all) {
    expect([where, image]).toEqual([where, expect.stringMatching(/^[^@]+:[^@/]+@sha256:[a-f0-9]{64}$/)]);
    expect(Object.values(SHOP_IMAGE_DIGESTS)).toContain(digestOf(image));
  }
  // Init containers and native sidecars too (gke: the Cloud SQL proxy of the migration Job).
  if (env === 'gke') expect(all.filter((i) => i.where.includes('initContainers')).map((i) => i.image)).toContain(`gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.2@${SHOP_IMAGE_DIGESTS['gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.2']}`);
});

test.each(['minikube', 'staging'])('%s writes plain tags', (env) => {
  for (const { where, image } of images(env)) expect([where, image]).toEqual([where, expect.not.stringContaining('@')]);
});

test('release/images.txt: sorted, one reference per line, the add-on images included', () => {
  const text = outputs.baremetal.files.get('release/images.txt')!;
  const lines = text.trimEnd().split('\n');
  expect(lines).toEqual([...new Set(images('baremetal').map((i) => i.image).concat(lines))].sort());
  expect(lines).toContain(`registry.warehouse.local/shop/metrics-server/metrics-server:v0.7.2@${SHOP_IMAGE_DIGESTS['metrics-server/metrics-server:v0.7.2']}`);
  expect(outputs.gke.files.get('release/images.txt')).toMatch(/^gcr\.io\/cloud-sql-connectors\/cloud-sql-proxy:2\.14\.2@sha256:[a-f0-9]{64}$/m);
  expect(outputs.staging.files.get('release/images.txt')).toMatch(/^gcr\.io\/cloud-sql-connectors\/cloud-sql-proxy:2\.14\.2$/m);
});

test('a pinning environment without a lock entry fails at the gate, naming the environment, construct and image', () => {
  const { 'varnish:7.4.2': _, ...withoutVarnish } = SHOP_IMAGE_DIGESTS;
  const env = new Environment(BUILTIN_PROFILES.baremetal, { project: SHOP_PROJECT, imageDigests: withoutVarnish });
  expect(() => renderEnvironment(env, shopPlatform)).toThrow(/environment "baremetal": 1 policy finding[\s\S]*Deployment shop\/varnish \(construct baremetal\/shop\/varnish\) violates image-digest-locked: .*image "registry\.warehouse\.local\/shop\/varnish:7\.4\.2" has no digest: images\.lock\.json has no entry "varnish:7\.4\.2"/);
});

test('a pinning environment without the metrics-server entry fails naming the profile field', () => {
  const { 'metrics-server/metrics-server:v0.7.2': _, ...without } = SHOP_IMAGE_DIGESTS;
  const env = new Environment(BUILTIN_PROFILES.baremetal, { project: SHOP_PROJECT, imageDigests: without });
  expect(() => renderEnvironment(env, shopPlatform)).toThrow(/environment "baremetal": pins image digests \(images\.pinDigests\), and images\.lock\.json has no entry for\n {2}- cluster\.metrics\.image: "registry\.warehouse\.local\/shop\/metrics-server\/metrics-server:v0\.7\.2" \(lock key "metrics-server\/metrics-server:v0\.7\.2"\)/);
});
