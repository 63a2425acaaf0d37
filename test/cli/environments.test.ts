import { prepareRun, selectProfiles } from '../../src/cli/environments';
import { exitCodeOf, UsageError } from '../../src/cli/errors';
import { BUILTIN_PROFILES } from '../../src/profiles/builtin-profiles';

const ALL = Object.values(BUILTIN_PROFILES);

describe('prepareRun', () => {
  test('selects environments in the order given; unknown ones list the known ones', () => {
    expect(selectProfiles(['gke', 'staging'], ALL).map((p) => p.name)).toEqual(['gke', 'staging']);
    expect(() => selectProfiles(['stagin'], ALL)).toThrow('unknown environment "stagin" (did you mean "staging"?); known environments: minikube, staging, gke, baremetal');
  });

  test('applies --set and validates the result', () => {
    const run = prepareRun(['staging'], ['database.instanceConnectionName=acme-shop-staging:europe-west1:shop-staging-2'], ALL, 'shop');
    expect(run.environments[0].profile.database.instanceConnectionName).toBe('acme-shop-staging:europe-west1:shop-staging-2');
    let error: unknown;
    try {
      prepareRun(['staging', 'gke'], ['autoscaling.minReplicas=10'], ALL, 'shop');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(exitCodeOf(error)).toBe(2);
    const message = (error as Error).message;
    expect(message).toContain('environment "staging": invalid profile');
    expect(message).not.toContain('environment "gke"');
    expect(message).toContain('(after --set autoscaling.minReplicas=10)');
    expect(message).not.toMatch(/\n\s*\n/);
  });

  test('ENV: must name an environment of the run', () => {
    expect(() => prepareRun(['staging'], ['gke:autoscaling.maxReplicas=10'], ALL, 'shop')).toThrow(
      '--set "gke:autoscaling.maxReplicas=10" targets environment "gke", which this run does not include (staging)',
    );
  });
});
