import { LABEL_COMPONENT, LABEL_VERSION, MIGRATION_COMPONENT } from '../../manifests/labels';
import { versionSlug } from '../../manifests/names';
import { asNumber, asObject, stringMap } from '../k8s';
import { PolicyRule } from '../types';

export const jobBoundedRule: PolicyRule = {
  id: 'job-bounded',
  severity: 'error',
  rationale:
    'A Job without backoffLimit retries a failing pod 6 times with growing back-off, and one without activeDeadlineSeconds can run forever; a release that waits for it (apply.sh, Flux, Argo CD) hangs with it.',
  fix: 'Set spec.backoffLimit (a migration rarely gets better by retrying: 0-3) and spec.activeDeadlineSeconds (how long the whole Job may take).',
  check(run) {
    for (const job of run.index.ofKind('Job')) {
      const spec = asObject(job.manifest.spec);
      const backoff = asNumber(spec?.backoffLimit);
      if (backoff === undefined) run.report(job, 'spec.backoffLimit is not set (Kubernetes retries 6 times)');
      else if (backoff > 6) run.report(job, `spec.backoffLimit: ${backoff} retries; keep it at 6 or fewer`);
      if (asNumber(spec?.activeDeadlineSeconds) === undefined) run.report(job, 'spec.activeDeadlineSeconds is not set: nothing bounds how long the Job (and the release waiting for it) runs');
    }
  },
};

export const jobRerunRule: PolicyRule = {
  id: 'job-no-rerun',
  severity: 'error',
  rationale:
    "A Job's pod template is immutable and a finished Job is gone after ttlSecondsAfterFinished: a re-apply (apply.sh, Flux, Argo CD self-heal) either fails on the changed template or re-creates the deleted Job and runs it again.",
  fix: 'Leave ttlSecondsAfterFinished unset (the next release prunes the Job) and name a migration Job per version (<name>-<app.kubernetes.io/version>), as MigrationJob does.',
  check(run) {
    for (const job of run.index.ofKind('Job')) {
      const spec = asObject(job.manifest.spec);
      if (spec?.ttlSecondsAfterFinished !== undefined) {
        run.report(job, `spec.ttlSecondsAfterFinished: ${JSON.stringify(spec.ttlSecondsAfterFinished)}: once the TTL controller deletes the finished Job, the next apply or sync creates it again and it runs again`);
      }
      const labels = stringMap(asObject(job.manifest.metadata)?.labels);
      if (labels[LABEL_COMPONENT] !== MIGRATION_COMPONENT) continue;
      const version = labels[LABEL_VERSION];
      if (!version) run.report(job, `a migration Job without the ${LABEL_VERSION} label: its name cannot follow the version, and the next version's changed pod template would be rejected as immutable`);
      else if (!job.name.endsWith(`-${versionSlug(version)}`)) {
        run.report(job, `migration Job "${job.name}" is not named for its version ${version} (…-${versionSlug(version)}): the next version's pod template cannot be applied to it (immutable) and would not run`);
      }
    }
  },
};

export const JOB_RULES: readonly PolicyRule[] = [jobBoundedRule, jobRerunRule];
