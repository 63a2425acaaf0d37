import { IndexedObject, nsKey } from '../object-index';
import { PolicyRule } from '../types';

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

export const uniqueObjectsRule: PolicyRule = {
  id: 'unique-objects',
  severity: 'error',
  rationale: 'Two objects with the same kind, namespace and name overwrite each other on apply, so one construct silently loses.',
  fix: 'Give one of the constructs a different name (or make one construct own the object).',
  check(run) {
    const first = new Map<string, IndexedObject>();
    for (const o of run.index.all) {
      if (!o.kind || !o.name) continue;
      const key = `${group(o.apiVersion)}\u0000${o.kind}\u0000${nsKey(o)}\u0000${o.name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, o);
        continue;
      }
      const where = earlier.checked.constructPath ?? earlier.checked.source;
      run.report(o, `${o.label} is also defined by an earlier object${where ? ` (${where})` : ''}`);
    }
  },
};

export const IDENTITY_RULES: readonly PolicyRule[] = [uniqueObjectsRule];
