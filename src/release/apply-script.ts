/**
 * `apply.sh` of an environment: the commands that apply the release stage by stage and prune what it
 * no longer contains, with kubectl ApplySets. Generated from the {@link StagePlan}s.
 */
import { GENERATED_NOTICE } from './kustomization';
import { ReadinessGate, ROLLOUT, StagePlan } from './release-plan';

/** Shell-quotes a word when it needs it (names here are DNS labels and file names; this is a guard). */
function sh(word: string): string {
  return /^[A-Za-z0-9_./=:,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `kubectl apply` arguments of a stage (after `kubectl`). */
export function applyArgs(plan: StagePlan): string[] {
  return ['apply', '--server-side', '--prune', `--applyset=${plan.applySetFlag}`, `--namespace=${plan.namespace}`, ...plan.files.flatMap((f) => ['-f', f])];
}

/** The `kubectl wait` (or `kubectl rollout status`) arguments of a gate (after `kubectl`). */
export function waitArgs(gate: ReadinessGate): string[] {
  if (gate.condition === ROLLOUT) return ['rollout', 'status', `--namespace=${gate.namespace}`, `--timeout=${gate.timeoutSeconds}s`, gate.resource];
  return ['wait', `--namespace=${gate.namespace}`, `--for=${gate.condition}`, `--timeout=${gate.timeoutSeconds}s`, gate.resource];
}

const STAGE_NOTES: Record<StagePlan['stage'], string> = {
  config: 'the namespace, storage classes, service accounts, configuration, secrets, volumes and network policies',
  data: 'the stateful services (databases, queues, session stores) and their Services; every replica is ready before the migrations connect',
  migrations: 'database migrations; they must complete before the new version of the workloads rolls out',
  workloads: 'services, workloads, autoscalers and disruption budgets',
  metallb: "MetalLB address pools and advertisements; MetalLB's webhook rejects them until its controller is up",
};

/** The script text. */
export function applyScript(environment: string, namespace: string, plans: readonly StagePlan[]): string {
  const k = (args: string[]) => `"$KUBECTL" ${args.map(sh).join(' ')}`;
  const lines = [
    '#!/bin/sh',
    `# ${GENERATED_NOTICE}`,
    '#',
    `# Applies the release of environment "${environment}" stage by stage and prunes what it no longer contains.`,
    '# Every stage is a kubectl ApplySet (KEP 3659) whose parent is a Secret that kubectl creates and keeps',
    '# up to date itself (labels applyset.kubernetes.io/id, annotations tooling and contains-group-kinds):',
    '# an object removed from a stage is deleted by that stage\'s next apply, and so is an object whose kind',
    '# the stage no longer has (a workload switched from an HPA to fixed replicas loses its HPA).',
    '# Needs kubectl >= 1.27 (ApplySets are alpha: KUBECTL_APPLYSET=true) and server-side apply.',
    '# Rollback: run the apply.sh of the previous release.',
    'set -eu',
    'cd "$(dirname "$0")"',
    'KUBECTL="${KUBECTL:-kubectl}"',
    'export KUBECTL_APPLYSET=true',
    '',
    `# The ApplySet parents live in namespace ${namespace}; kubectl creates them before it applies anything.`,
    `${k(['get', 'namespace', namespace])} >/dev/null 2>&1 || ${k(['create', 'namespace', namespace])}`,
  ];
  for (const plan of plans) {
    lines.push('', `# stage ${plan.stage}: ${STAGE_NOTES[plan.stage]}`);
    for (const gate of plan.before) lines.push(k(waitArgs(gate)));
    lines.push(k(applyArgs(plan)));
    for (const gate of plan.after) lines.push(k(waitArgs(gate)));
  }
  return lines.join('\n') + '\n';
}
