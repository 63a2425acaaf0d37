import { asObject, asString, Json, PodTemplate, podTemplateOf } from './k8s';
import { sharedSchemaValidator } from './schema/validator';
import { LabelIndex } from '../manifests/selectors';
import { CheckContext, CheckedObject } from './types';

/** One checked object with what every rule needs parsed once. */
export interface IndexedObject {
  /** Position in the checked list. */
  readonly position: number;
  /** The object as given to the check. */
  readonly checked: CheckedObject;
  /** Its manifest. */
  readonly manifest: Json;
  /** `apiVersion` of the manifest. */
  readonly apiVersion: string;
  /** `kind` of the manifest. */
  readonly kind: string;
  /** `metadata.name` of the manifest. */
  readonly name: string;
  /** Namespace as written; undefined for cluster-scoped objects and for namespaced ones that omit it. */
  readonly namespace: string | undefined;
  /** Whether the kind is namespaced (kinds without a schema count as namespaced when they carry a namespace). */
  readonly namespaced: boolean;
  /** `Kind namespace/name` or `Kind name`. */
  readonly label: string;
  /** The pod template of a pod-bearing object. */
  readonly pod: PodTemplate | undefined;
}

/** Namespace key used in indexes: the written namespace or '' when absent. */
export const nsKey = (o: IndexedObject): string => o.namespace ?? '';

const refKey = (kind: string, namespace: string, name: string) => `${kind}\u0000${namespace}\u0000${name}`;

/** Everything a check run looks objects up by, built once per run (linear in the number of objects). */
export class ObjectIndex {
  readonly all: IndexedObject[] = [];
  /** Pod-bearing objects. */
  readonly workloads: IndexedObject[] = [];
  /** Pod-bearing objects by their pod labels, per namespace. */
  readonly workloadsByPodLabels = new LabelIndex<IndexedObject>();
  private readonly byKind = new Map<string, IndexedObject[]>();
  private readonly byRef = new Map<string, IndexedObject>();
  private readonly provided = new Set<string>();
  /** Secret names that ExternalSecrets of each namespace produce. */
  private readonly externalSecretTargets = new Set<string>();

  constructor(objects: readonly CheckedObject[], ctx: CheckContext) {
    const schemas = sharedSchemaValidator();
    objects.forEach((checked, position) => {
      const manifest = checked.manifest;
      const apiVersion = asString(manifest.apiVersion) ?? '';
      const kind = asString(manifest.kind) ?? '';
      const metadata = asObject(manifest.metadata);
      const name = asString(metadata?.name) ?? asString(metadata?.generateName) ?? '';
      const written = asString(metadata?.namespace);
      const namespaced = schemas.isNamespaced(apiVersion, kind) ?? written !== undefined;
      const namespace = namespaced ? written : undefined;
      const o: IndexedObject = {
        position,
        checked,
        manifest,
        apiVersion,
        kind,
        name,
        namespace,
        namespaced,
        label: `${kind || '(no kind)'} ${namespace ? `${namespace}/` : ''}${name || '(no name)'}`,
        pod: podTemplateOf(kind, manifest),
      };
      this.all.push(o);
      const list = this.byKind.get(kind);
      if (list) list.push(o);
      else this.byKind.set(kind, [o]);
      this.byRef.set(refKey(kind, nsKey(o), name), o);
      if (o.pod) {
        this.workloads.push(o);
        this.workloadsByPodLabels.add(nsKey(o), o.pod.labels, o);
      }
      if (kind === 'ExternalSecret') {
        const target = asString(asObject(asObject(manifest.spec)?.target)?.name) ?? name;
        this.externalSecretTargets.add(refKey('Secret', nsKey(o), target));
      }
    });
    for (const p of ctx.clusterProvided ?? []) this.provided.add(refKey(p.kind, p.namespace ?? '', p.name));
  }

  /** Objects of one kind, in input order. */
  ofKind(kind: string): readonly IndexedObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The object of that kind and name in that namespace ('' for cluster-scoped kinds or no namespace). */
  get(kind: string, namespace: string, name: string): IndexedObject | undefined {
    return this.byRef.get(refKey(kind, namespace, name));
  }

  /**
   * Whether a reference resolves: an object in the set, an object the cluster provides, or (for a Secret) the
   * target of an ExternalSecret in the namespace.
   */
  resolves(kind: string, namespace: string, name: string): boolean {
    const key = refKey(kind, namespace, name);
    return this.byRef.has(key) || this.provided.has(key) || (kind === 'Secret' && this.externalSecretTargets.has(key));
  }
}
