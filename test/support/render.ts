import * as fs from 'node:fs';
import * as path from 'node:path';
import { SHOP_PROJECT, shopPlatform } from '../../src/platform';
import { Environment, EnvironmentProfile } from '../../src/profiles';
import { synthesizeEnvironment } from '../../src/synth/synthesize-environment';
import { lockedDigests, parseImageLock } from '../../src/images/image-lock';

/** A synthesized object, loosely typed for assertions. */
export type Obj = Record<string, any>;

/** The reference shop's committed image lock (images.lock.json): digests of gke's and baremetal's images. */
export const SHOP_IMAGE_DIGESTS: Readonly<Record<string, string>> = lockedDigests(parseImageLock(fs.readFileSync(path.join(__dirname, '..', '..', 'images.lock.json'), 'utf8')));

/** A profile resolved for the reference shop (project `shop`, its image lock). */
export const shopEnvironment = (profile: EnvironmentProfile): Environment => new Environment(profile, { project: SHOP_PROJECT, imageDigests: SHOP_IMAGE_DIGESTS });

/** Profiles resolved for the reference shop, in order. */
export const shopEnvironments = (profiles: readonly EnvironmentProfile[]): Environment[] => profiles.map(shopEnvironment);

/** The reference platform's objects in an environment, as they would be written. */
export function render(profile: EnvironmentProfile): Obj[] {
  return synthesizeEnvironment(shopEnvironment(profile), shopPlatform).objects.map((o) => o.manifest as Obj);
}

export const ofKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
export const named = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata?.name === name);
export const podSpec = (workload: Obj) => workload.spec.template.spec;
