import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { checkObjects, collectObjects, formatFinding, formatResult, hasErrors, waive, waiversFor } from '../../src/policy';
import { compliantSet, deployment, find, Manifest, STAGING } from './fixtures';

/** A chart holding the compliant set, with the web Deployment made under app-tier/web. */
function chartWithSet(mutateWeb?: (m: Manifest) => void): { app: App; chart: Chart; tier: Construct; web: ApiObject } {
  const app = new App();
  const chart = new Chart(app, 'staging');
  const tier = new Construct(chart, 'app-tier');
  let web: ApiObject | undefined;
  compliantSet().forEach((m, i) => {
    const isWeb = m.kind === 'Deployment' && (m.metadata as { name: string }).name === 'web';
    if (isWeb) mutateWeb?.(m);
    const { apiVersion, kind, ...rest } = m as { apiVersion: string; kind: string };
    const o = new ApiObject(isWeb ? new Construct(tier, 'web') : chart, isWeb ? 'Resource' : `o${i}`, { apiVersion, kind, ...rest });
    if (isWeb) web = o;
  });
  return { app, chart, tier, web: web! };
}

const withLatestImage = (m: Manifest) => {
  ((m.spec as Manifest).template as { spec: { containers: Manifest[] } }).spec.containers[0].image = 'web:latest';
};

describe('waivers', () => {
  test('waive records a waiver that applies to the construct and everything below it', () => {
    const { chart, tier, web } = chartWithSet();
    waive(tier, 'read-only-root-fs', 'nginx writes its pid file to /var/run; tracked in SHOP-12');
    waive(chart, 'image-tag-pinned', 'demo chart');
    expect(waiversFor(web)).toEqual([
      { ruleId: 'image-tag-pinned', reason: 'demo chart' },
      { ruleId: 'read-only-root-fs', reason: 'nginx writes its pid file to /var/run; tracked in SHOP-12' },
    ]);
    expect(waiversFor(chart)).toEqual([{ ruleId: 'image-tag-pinned', reason: 'demo chart' }]);
  });

  test('waive throws for an empty reason or an unknown rule id', () => {
    const { tier } = chartWithSet();
    expect(() => waive(tier, 'read-only-root-fs', '')).toThrow(/needs a reason/);
    expect(() => waive(tier, 'read-only-root-fs', '   ')).toThrow(/needs a reason/);
    expect(() => waive(tier, 'read-only-rootfs', 'typo')).toThrow(/unknown policy rule "read-only-rootfs"/);
  });

  test('a waived finding moves to `waived` with its reason; other rules and objects still report', () => {
    const { app, tier } = chartWithSet((m) => {
      withLatestImage(m);
      const c = ((m.spec as Manifest).template as { spec: { containers: { securityContext: Manifest }[] } }).spec.containers[0];
      c.securityContext.readOnlyRootFilesystem = false;
    });
    waive(tier, 'read-only-root-fs', 'legacy app writes to its working directory');
    const result = checkObjects(collectObjects(app), STAGING);
    expect(result.findings.map((f) => [f.ruleId, f.object, f.constructPath])).toEqual([
      ['image-tag-pinned', 'Deployment shop/web', 'staging/app-tier/web/Resource'],
    ]);
    expect(result.waived).toEqual([
      { finding: expect.objectContaining({ ruleId: 'read-only-root-fs', object: 'Deployment shop/web' }), reason: 'legacy app writes to its working directory' },
    ]);
  });

  test('waivers passed with plain objects work the same', () => {
    const set = compliantSet();
    withLatestImage(find(set, 'Deployment', 'web'));
    const result = checkObjects(
      set.map((m) => ({ manifest: m, waivers: m === find(set, 'Deployment', 'web') ? [{ ruleId: 'image-tag-pinned', reason: 'upstream only publishes latest' }] : [] })),
      STAGING,
    );
    expect(result.findings).toEqual([]);
    expect(result.waived.map((w) => w.reason)).toEqual(['upstream only publishes latest']);
  });
});

describe('formatting', () => {
  test('formatFinding prints one paragraph with environment, object, construct path, rule, message and fix', () => {
    const { app } = chartWithSet(withLatestImage);
    const [finding] = checkObjects(collectObjects(app), STAGING).findings;
    const text = formatFinding(finding);
    expect(text).not.toMatch(/\n/);
    expect(text).toBe(
      'ERROR [staging] Deployment shop/web (construct staging/app-tier/web/Resource) violates image-tag-pinned: ' +
        'spec.template.spec.containers[0].image: container "web" image "web:latest" uses the :latest tag. ' +
        'Fix: Pin the image to a version tag (name:1.2.3) or a digest (name@sha256:...).',
    );
  });

  test('formatFinding names the source file for loaded objects', () => {
    const d = deployment('shop', 'web');
    withLatestImage(d);
    const [finding] = checkObjects([{ manifest: d, source: 'web.yaml#0' }], STAGING).findings.filter((f) => f.ruleId === 'image-tag-pinned');
    expect(formatFinding(finding)).toContain('Deployment shop/web (from web.yaml#0) violates image-tag-pinned');
  });

  test('formatResult lists findings, waived findings and a count; hasErrors tells whether to stop', () => {
    const set = compliantSet();
    withLatestImage(find(set, 'Deployment', 'web'));
    const result = checkObjects(
      set.map((m) => ({ manifest: m, waivers: [{ ruleId: 'probes', reason: 'n/a' }] })),
      STAGING,
    );
    expect(hasErrors(result)).toBe(true);
    expect(formatResult(result).split('\n\n').pop()).toBe('1 error(s), 0 warning(s), 0 waived');
    expect(hasErrors(checkObjects(compliantSet().map((m) => ({ manifest: m })), STAGING))).toBe(false);
  });
});
