import { EnvironmentChart, WebService, Worker } from '../../src/constructs';
import { shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { shopEnvironment } from '../support/render';
import { PolicyViolationError, renderEnvironment } from '../../src/synth/synth';

test('a construct id the API server refuses as a name fails synth, naming the environment, construct path and rule', () => {
  const platform = (chart: EnvironmentChart) => {
    shopPlatform(chart);
    const api = new WebService(chart, 'Search_API', { image: { repository: 'search', tag: '1.0.0' }, port: 8080 });
    new Worker(chart, 'search-client', { image: { repository: 'client', tag: '1.0.0' }, talksTo: [api] });
  };
  let error: unknown;
  try {
    renderEnvironment(shopEnvironment(BUILTIN_PROFILES.staging), platform);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PolicyViolationError);
  const names = (error as PolicyViolationError).findings.filter((f) => f.ruleId === 'object-name');
  expect(names.map((f) => [f.environment, f.object, f.constructPath])).toEqual(
    expect.arrayContaining([['staging', 'Service shop/Search_API', 'staging/Search_API']]),
  );
  expect((error as Error).message).toMatch(/environment "staging"[\s\S]*object-name[\s\S]*Search_API/);
});
