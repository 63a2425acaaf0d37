/** A rule that does not apply to one object (and its construct subtree), with the reason why. */
export interface Waiver {
  /** Id of the waived rule (see `RULES`). */
  readonly ruleId: string;
  /** Why the rule does not apply; printed in the synth summary. */
  readonly reason: string;
}

/** One Kubernetes object to check, as it would be written. */
export interface CheckedObject {
  /** The object as it would be written (`ApiObject.toJson()`, or a parsed YAML document). */
  readonly manifest: Record<string, unknown>;
  /**
   * cdk8s `node.path` of the construct that made it.
   * @default - none (objects loaded from files)
   */
  readonly constructPath?: string;
  /**
   * Where it was read from, for objects loaded from files (`file.yaml#2`).
   * @default - none (objects from a construct tree)
   */
  readonly source?: string;
  /**
   * Waivers that apply to this object.
   * @default - none
   */
  readonly waivers?: readonly Waiver[];
}

/** An object the cluster provides without it being in the checked set (e.g. GKE's `standard-rwo` StorageClass). */
export interface ProvidedObject {
  /** Kind, e.g. `StorageClass`. */
  readonly kind: string;
  /** Object name. */
  readonly name: string;
  /**
   * Namespace; omit for cluster-scoped kinds.
   * @default - cluster-scoped
   */
  readonly namespace?: string;
}

/** What the checks need to know about the environment the objects are for. */
export interface CheckContext {
  /** Environment name, reported in every finding. */
  readonly environment: string;
  /** Whether Secrets may carry `data`/`stringData` (laptops only); when false such a Secret is a finding. */
  readonly allowInlineSecretValues: boolean;
  /**
   * Objects the cluster already has, which references may resolve to.
   * @default - none
   */
  readonly clusterProvided?: readonly ProvidedObject[];
  /**
   * Namespaces that exist without being declared in the set.
   * @default DEFAULT_SYSTEM_NAMESPACES
   */
  readonly systemNamespaces?: readonly string[];
  /**
   * Custom resource kinds without a schema that the user vouches for, as `group/Kind`
   * (e.g. `example.com/Widget`): their objects skip schema validation instead of failing it.
   * Kinds that have a schema are always validated.
   * @default - none: an object of a kind without a schema is an error
   */
  readonly trustedKinds?: readonly string[];
  /**
   * What an earlier render of the same objects computed, reused (a warm process that renders again
   * after an edit: `synth --watch`).
   * @default - every object validated and measured
   */
  readonly memo?: CheckMemo;
  /**
   * The project's image lock and whether the environment runs its images by digest
   * (`images.pinDigests`): rule `image-digest-locked` checks every container image against it.
   * @default - no lock check
   */
  readonly imageLock?: ImageLockCheck;
}

/** What rule `image-digest-locked` checks container images against. */
export interface ImageLockCheck {
  /** Whether every image must carry the locked digest (the profile's `images.pinDigests`). */
  readonly pinDigests: boolean;
  /** The environment's registry: lock keys are image references relative to it. */
  readonly registry: string;
  /** Lock key → `sha256:` digest. */
  readonly digests: Readonly<Record<string, string>>;
  /** The lock file, as messages name it (e.g. `images.lock.json`). */
  readonly file: string;
}

/** Remembers, by object, its JSON text and its schema validation result (see `RenderMemo`). */
export interface CheckMemo {
  /** `JSON.stringify(manifest)`, computed once per object and render. */
  json(manifest: object): string;
  /** What `validator.validate(manifest)` returns, from an earlier call when the object and the validator are the same. */
  schemaIssues(manifest: Record<string, unknown>, validator: import('./schema/validator').SchemaValidator): readonly import('./schema/validator').SchemaIssue[];
}

/** How serious a finding is: errors fail synth, warnings are printed. */
export type Severity = 'error' | 'warning';

/** One rule broken by one object. */
export interface Finding {
  /** The rule. */
  readonly ruleId: string;
  /** Errors fail synth. */
  readonly severity: Severity;
  /** Environment the object is for. */
  readonly environment: string;
  /** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
  readonly object: string;
  /**
   * Path of the construct that made the object.
   * @default - none (objects loaded from files)
   */
  readonly constructPath?: string;
  /**
   * Where the object was read from, for objects loaded from files.
   * @default - none (objects from a construct tree)
   */
  readonly source?: string;
  /** What is wrong, naming the field. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** A finding that a waiver in code turned off, with the waiver's reason. */
export interface WaivedFinding {
  /** The finding. */
  readonly finding: Finding;
  /** The waiver's reason. */
  readonly reason: string;
}

/** The outcome of checking a set of objects. */
export interface CheckResult {
  /** Findings that count. */
  readonly findings: Finding[];
  /** Findings turned off by waivers. */
  readonly waived: WaivedFinding[];
}

/** What a rule sees: the indexed objects, the context, and a way to report. */
export interface RuleRun {
  /** The environment being checked. */
  readonly ctx: CheckContext;
  /** Every object, indexed by kind, namespace, name and labels. */
  readonly index: import('./object-index').ObjectIndex;
  /** Reports a finding of the running rule against `object`; `fix` overrides the rule's fix hint. */
  report(object: import('./object-index').IndexedObject, message: string, fix?: string): void;
}

/** One policy rule. */
export interface PolicyRule {
  /** Stable id, used in findings and waivers. */
  readonly id: string;
  /** Severity of its findings. */
  readonly severity: Severity;
  /** Why the rule exists, one line. */
  readonly rationale: string;
  /** How to fix a finding, one line. */
  readonly fix: string;
  /** Checks every object it applies to and reports findings through `run.report`. */
  check(run: RuleRun): void;
}
