/**
 * Errors a user can act on. The CLI prints their message without a stack trace (unless `--debug`).
 */
export class ShipyardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem with one field of an environment profile. */
export interface ProfileIssue {
  /** Dotted path of the field, e.g. `autoscaling.minReplicas` or `loadBalancer.pools[0].addresses[1]`. */
  readonly field: string;
  /** What is wrong, in words. */
  readonly message: string;
}

/** An environment profile that cannot describe a real environment. Names the environment and each field. */
export class ProfileValidationError extends ShipyardError {
  /** The environment the profile describes. */
  public readonly environment: string;
  /** Every problem found, not just the first. */
  public readonly issues: readonly ProfileIssue[];

  constructor(environment: string, issues: readonly ProfileIssue[]) {
    super(
      `environment "${environment}": invalid profile\n` +
        issues.map((i) => `  - ${i.field}: ${i.message}`).join('\n'),
    );
    this.environment = environment;
    this.issues = issues;
  }
}
