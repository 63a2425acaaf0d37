/** A rule that does not apply to one object (and its construct subtree), with the reason why. */
export interface Waiver {
  readonly ruleId: string;
  readonly reason: string;
}

/** One Kubernetes object to check, as it would be written. */
export interface CheckedObject {
  /** The object as it would be written (`ApiObject.toJson()`, or a parsed YAML document). */
  readonly manifest: Record<string, unknown>;
  /** cdk8s `node.path` of the construct that made it. */
  readonly constructPath?: string;
  /** Where it was read from, for objects loaded from files (`file.yaml#2`). */
  readonly source?: string;
  /** Waivers that apply to this object. */
  readonly waivers?: readonly Waiver[];
}

/** An object the cluster provides without it being in the checked set (e.g. GKE's `standard-rwo` StorageClass). */
export interface ProvidedObject {
  readonly kind: string;
  readonly name: string;
  /** Omit for cluster-scoped kinds. */
  readonly namespace?: string;
}

export interface CheckContext {
  readonly environment: string;
  /** false for staging/gke/baremetal: a Secret carrying data/stringData is a finding */
  readonly allowInlineSecretValues: boolean;
  /** Objects the cluster already has, which references may resolve to (default: none). */
  readonly clusterProvided?: readonly ProvidedObject[];
  /** Namespaces that exist without being declared in the set (default: {@link DEFAULT_SYSTEM_NAMESPACES}). */
  readonly systemNamespaces?: readonly string[];
}

export type Severity = 'error' | 'warning';

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly environment: string;
  /** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
  readonly object: string;
  readonly constructPath?: string;
  /** Where the object was read from, for objects loaded from files. */
  readonly source?: string;
  readonly message: string;
  readonly fix: string;
}

export interface WaivedFinding {
  readonly finding: Finding;
  readonly reason: string;
}

export interface CheckResult {
  readonly findings: Finding[];
  readonly waived: WaivedFinding[];
}

/** What a rule sees: the indexed objects, the context, and a way to report. */
export interface RuleRun {
  readonly ctx: CheckContext;
  readonly index: import('./object-index').ObjectIndex;
  /** Reports a finding of the running rule against `object`; `fix` overrides the rule's fix hint. */
  report(object: import('./object-index').IndexedObject, message: string, fix?: string): void;
}

/** One policy rule. */
export interface PolicyRule {
  /** Stable id, used in findings and waivers. */
  readonly id: string;
  readonly severity: Severity;
  /** Why the rule exists, one line. */
  readonly rationale: string;
  /** How to fix a finding, one line. */
  readonly fix: string;
  check(run: RuleRun): void;
}
