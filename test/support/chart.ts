import { ApiObject, App } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvironmentChart } from '../../src/constructs/environment-chart';
import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { Obj, shopEnvironment } from './render';

/** A fresh environment chart for one construct test (minikube unless a profile is given). */
export function testChart(profile: EnvironmentProfile = BUILTIN_PROFILES.minikube): EnvironmentChart {
  return new EnvironmentChart(new App(), profile.name, { environment: shopEnvironment(profile) });
}

/**
 * The chart's objects, as `kubectl apply` would get them. Construct validation is not run here (a
 * unit test adds one construct, without the clients a platform has): see `validationErrors`.
 */
export function objectsOf(chart: EnvironmentChart): Obj[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson() as Obj);
}

/** Every construct validation message under `scope` (what synth would refuse). */
export function validationErrors(scope: Construct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.validate());
}
