import { SHOP_PROJECT, shopPlatform } from '../../src/platform';
import { Environment, EnvironmentProfile } from '../../src/profiles';
import { synthesizeEnvironment } from '../../src/synth/synthesize-environment';

/** A synthesized object, loosely typed for assertions. */
export type Obj = Record<string, any>;

/** A profile resolved for the reference shop (project `shop`). */
export const shopEnvironment = (profile: EnvironmentProfile): Environment => new Environment(profile, { project: SHOP_PROJECT });

/** Profiles resolved for the reference shop, in order. */
export const shopEnvironments = (profiles: readonly EnvironmentProfile[]): Environment[] => profiles.map(shopEnvironment);

/** The reference platform's objects in an environment, as they would be written. */
export function render(profile: EnvironmentProfile): Obj[] {
  return synthesizeEnvironment(shopEnvironment(profile), shopPlatform).objects.map((o) => o.manifest as Obj);
}

export const ofKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
export const named = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata?.name === name);
export const podSpec = (workload: Obj) => workload.spec.template.spec;
