import { EnvironmentChart, WebService, Worker } from '../../src/constructs';
import { shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { shopEnvironment } from '../support/render';
import { renderEnvironment } from '../../src/synth/synth';
import { ConstructValidationError } from '../../src/synth/synthesize-environment';

test('a construct id the API server refuses as a name fails in the construct, naming the environment, construct path and rule', () => {
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
  expect(error).toBeInstanceOf(ConstructValidationError);
  expect((error as ConstructValidationError).problems).toEqual([
    {
      path: 'staging/Search_API',
      message:
        'name "Search_API" (the construct id unless props.name is set) is not an RFC 1035 label, which the API server requires of a Service name: lower-case letters, digits and "-", starting with a letter, at most 63 characters',
    },
  ]);
  expect((error as Error).message).toMatch(/^environment "staging": 1 construct validation error/);
});
