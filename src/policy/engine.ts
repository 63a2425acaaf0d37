import { IndexedObject, ObjectIndex } from './object-index';
import { RULES } from './rules';
import { CheckContext, CheckedObject, CheckResult, Finding, PolicyRule, WaivedFinding } from './types';

/**
 * Checks a set of objects (one environment's output) against every rule. Pure: reads only its arguments.
 * Findings are ordered by object, then by rule; a finding whose rule the object waives goes to `waived`.
 */
export function checkObjects(objects: readonly CheckedObject[], ctx: CheckContext, rules: readonly PolicyRule[] = RULES): CheckResult {
  const index = new ObjectIndex(objects, ctx);
  const collected: { finding: Finding; position: number; order: number; seq: number; reason?: string }[] = [];
  const waiverCache = new Map<number, Map<string, string>>();
  const waiverReason = (o: IndexedObject, ruleId: string): string | undefined => {
    let m = waiverCache.get(o.position);
    if (!m) {
      m = new Map();
      for (const w of o.checked.waivers ?? []) if (!m.has(w.ruleId)) m.set(w.ruleId, w.reason);
      waiverCache.set(o.position, m);
    }
    return m.get(ruleId);
  };
  rules.forEach((rule, order) => {
    rule.check({
      ctx,
      index,
      report(o: IndexedObject, message: string, fix?: string) {
        const finding: Finding = {
          ruleId: rule.id,
          severity: rule.severity,
          environment: ctx.environment,
          object: o.label,
          ...(o.checked.constructPath !== undefined ? { constructPath: o.checked.constructPath } : {}),
          ...(o.checked.source !== undefined ? { source: o.checked.source } : {}),
          message,
          fix: fix ?? rule.fix,
        };
        collected.push({ finding, position: o.position, order, seq: collected.length, reason: waiverReason(o, rule.id) });
      },
    });
  });
  collected.sort((a, b) => a.position - b.position || a.order - b.order || a.seq - b.seq);
  const findings: Finding[] = [];
  const waived: WaivedFinding[] = [];
  for (const c of collected) {
    if (c.reason !== undefined) waived.push({ finding: c.finding, reason: c.reason });
    else findings.push(c.finding);
  }
  return { findings, waived };
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

/** One paragraph naming severity, environment, object, construct path (or source), rule, message and fix. */
export function formatFinding(f: Finding): string {
  const origin = f.constructPath !== undefined ? ` (construct ${f.constructPath})` : f.source !== undefined ? ` (from ${f.source})` : '';
  return oneLine(`${f.severity.toUpperCase()} [${f.environment}] ${f.object}${origin} violates ${f.ruleId}: ${f.message}. Fix: ${f.fix}`);
}

/** Every finding as a paragraph, then the waived ones with their reasons, then a count line. */
export function formatResult(result: CheckResult): string {
  const parts = result.findings.map(formatFinding);
  for (const w of result.waived) parts.push(oneLine(`WAIVED [${w.finding.environment}] ${w.finding.object} ${w.finding.ruleId}: ${w.finding.message} (reason: ${w.reason})`));
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  parts.push(`${errors} error(s), ${result.findings.length - errors} warning(s), ${result.waived.length} waived`);
  return parts.join('\n\n');
}

/** Whether the result has findings of severity error. */
export function hasErrors(result: CheckResult): boolean {
  return result.findings.some((f) => f.severity === 'error');
}
