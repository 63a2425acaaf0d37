import { IConstruct } from 'constructs';
import { ruleById, RULES } from './rules';
import { Waiver } from './types';

/** Construct metadata type under which waivers are recorded (visible in the construct tree metadata). */
export const WAIVER_METADATA_TYPE = 'shipyard:policy-waiver';

/**
 * Waives one rule for every object made by `scope` or below it, with the reason recorded next to the code.
 * Throws when the reason is empty or the rule id is unknown, so a waiver cannot outlive a renamed rule silently.
 */
export function waive(scope: IConstruct, ruleId: string, reason: string): void {
  if (!ruleById(ruleId)) {
    throw new Error(`waive(${scope.node.path}): unknown policy rule "${ruleId}"; rules are ${RULES.map((r) => r.id).join(', ')}`);
  }
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new Error(`waive(${scope.node.path}, "${ruleId}"): a waiver needs a reason`);
  }
  const waiver: Waiver = { ruleId, reason: reason.trim() };
  scope.node.addMetadata(WAIVER_METADATA_TYPE, waiver);
}

function isWaiver(data: unknown): data is Waiver {
  return typeof data === 'object' && data !== null && typeof (data as Waiver).ruleId === 'string' && typeof (data as Waiver).reason === 'string';
}

/** The waivers on `scope` and all its ancestors, outermost first. */
export function waiversFor(scope: IConstruct): Waiver[] {
  const out: Waiver[] = [];
  for (const s of scope.node.scopes) {
    for (const entry of s.node.metadata) {
      if (entry.type === WAIVER_METADATA_TYPE && isWaiver(entry.data)) out.push({ ruleId: entry.data.ruleId, reason: entry.data.reason });
    }
  }
  return out;
}
