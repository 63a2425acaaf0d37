/** Where a pod-bearing object keeps its pod spec and containers, for every reader of manifests. */
import { asObject, asString, dig, stringMap } from './json';
import type { Json } from './json';
import { POD_BEARING_KINDS } from './kinds';

/** The pod spec of a pod-bearing object, with the dotted path it sits at. */
export interface PodTemplate {
  readonly spec: Json;
  /** Dotted path of the pod spec, e.g. `spec.template.spec`. */
  readonly path: string;
  /** Labels the pods get. */
  readonly labels: Record<string, string>;
  /** Dotted path of those labels' metadata, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
  readonly rawLabels: unknown;
}

export function podTemplateOf(kind: string, manifest: Json): PodTemplate | undefined {
  if (!POD_BEARING_KINDS.has(kind)) return undefined;
  let metadataPath: string;
  let metadata: unknown;
  let spec: unknown;
  let path: string;
  if (kind === 'Pod') {
    metadata = manifest.metadata;
    metadataPath = 'metadata';
    spec = manifest.spec;
    path = 'spec';
  } else if (kind === 'CronJob') {
    metadata = dig(manifest, 'spec', 'jobTemplate', 'spec', 'template', 'metadata');
    metadataPath = 'spec.jobTemplate.spec.template.metadata';
    spec = dig(manifest, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
    path = 'spec.jobTemplate.spec.template.spec';
  } else {
    metadata = dig(manifest, 'spec', 'template', 'metadata');
    metadataPath = 'spec.template.metadata';
    spec = dig(manifest, 'spec', 'template', 'spec');
    path = 'spec.template.spec';
  }
  const s = asObject(spec);
  if (!s) return undefined;
  const rawLabels = dig(metadata, 'labels');
  return { spec: s, path, labels: stringMap(rawLabels), metadataPath, rawLabels };
}

/** A container of a pod spec. `sidecar` is an init container with `restartPolicy: Always` (1.28 native sidecar). */
export interface ContainerRef {
  readonly container: Json;
  readonly name: string;
  /** Dotted path, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  readonly role: 'container' | 'init' | 'sidecar' | 'ephemeral';
}

export function containersOf(pod: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  const add = (field: string, role: (c: Json) => ContainerRef['role']) => {
    const raw = pod.spec[field];
    if (!Array.isArray(raw)) return;
    raw.forEach((item, i) => {
      const c = asObject(item);
      if (!c) return;
      out.push({ container: c, name: asString(c.name) ?? `#${i}`, path: `${pod.path}.${field}[${i}]`, role: role(c) });
    });
  };
  add('initContainers', (c) => (c.restartPolicy === 'Always' ? 'sidecar' : 'init'));
  add('containers', () => 'container');
  add('ephemeralContainers', () => 'ephemeral');
  return out;
}

/** Describes a container for messages: `container "web"`, `init container "migrate"`. */
export function describeContainer(c: ContainerRef): string {
  const word = c.role === 'container' ? 'container' : c.role === 'init' ? 'init container' : c.role === 'sidecar' ? 'sidecar container' : 'ephemeral container';
  return `${word} "${c.name}"`;
}
