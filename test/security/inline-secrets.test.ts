import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateSet } from '../../src/cli/commands/validate';
import { shopPlatform } from '../../src/platform';
import { ProfileValidationError } from '../../src/errors';
import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { allowsInlineSecretValues } from '../../src/profiles/validate-profile';
import { shopEnvironment } from '../support/render';
import { renderEnvironment } from '../../src/synth/synth';
import { writeOutput } from '../../src/synth/write-output';
import { buildCli, runCli, snapshotDir } from '../cli/run-cli';

const inline = (p: EnvironmentProfile): EnvironmentProfile => ({ ...p, secrets: { mode: 'inline-dev' } });
const NAMES = Object.keys(BUILTIN_PROFILES) as (keyof typeof BUILTIN_PROFILES)[];

describe('inline development secrets never leave a laptop', () => {
  test.each(NAMES.filter((n) => BUILTIN_PROFILES[n].platform !== 'minikube'))('%s refuses secrets.mode inline-dev in profile validation', (name) => {
    const run = () => shopEnvironment(inline(BUILTIN_PROFILES[name]));
    expect(run).toThrow(ProfileValidationError);
    expect(run).toThrow(new RegExp(`environment "${name}": invalid profile\\n {2}- secrets\\.mode: "inline-dev" writes development secret values into the manifests; only minikube environments may use it`));
  });

  test('minikube may use it', () => {
    expect(allowsInlineSecretValues(BUILTIN_PROFILES.minikube)).toBe(true);
    expect(() => renderEnvironment(shopEnvironment(BUILTIN_PROFILES.minikube), shopPlatform)).not.toThrow();
  });

  describe('synth and validate agree on every verdict', () => {
    // The manifests of an environment with inline values (minikube's), checked by validate under
    // every environment's name, against what synth decides for that environment with inline-dev.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-inline-'));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const withValues = renderEnvironment(shopEnvironment(BUILTIN_PROFILES.minikube), shopPlatform);

    test.each(NAMES)('%s', (name) => {
      let synthAccepts: boolean;
      try {
        renderEnvironment(shopEnvironment(inline(BUILTIN_PROFILES[name])), shopPlatform);
        synthAccepts = true;
      } catch {
        synthAccepts = false;
      }
      const dir = path.join(tmp, name);
      writeOutput(dir, [{ ...withValues, name }]);
      const findings = validateSet({ environment: name, dir: path.join(dir, name) }, Object.values(BUILTIN_PROFILES)).findings.filter((f) => f.ruleId === 'no-inline-secrets');
      expect({ name, validateAccepts: findings.length === 0 }).toEqual({ name, validateAccepts: synthAccepts });
      expect(synthAccepts).toBe(name === 'minikube');
    });
  });

  test('the CLI refuses `synth --env gke --set secrets.mode=inline-dev` with a usage error and writes nothing', async () => {
    buildCli();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-inline-cli-'));
    try {
      const before = snapshotDir(out);
      const r = await runCli(['synth', '--env', 'gke', '--set', 'secrets.mode=inline-dev', '--outdir', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/environment "gke": invalid profile\n {2}- secrets\.mode: "inline-dev" writes development secret values into the manifests/);
      expect(r.stderr).toContain('--set secrets.mode=inline-dev');
      expect(snapshotDir(out)).toEqual(before);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
