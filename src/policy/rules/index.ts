import { PolicyRule } from '../types';
import { API_SERVER_RULES } from './api-server';
import { AVAILABILITY_RULES } from './availability';
import { HPA_RULES } from './hpa';
import { IDENTITY_RULES } from './identity';
import { IMAGE_RULES } from './images';
import { JOB_RULES } from './jobs';
import { LABEL_RULES } from './labels';
import { NAMESPACE_RULES } from './namespaces';
import { NETWORK_RULES } from './network';
import { PROBE_RULES } from './probes';
import { REFERENCE_RULES } from './references';
import { RESOURCE_RULES } from './resources';
import { SCHEMA_RULES } from './schema';
import { SECRET_RULES } from './secrets';
import { SECURITY_RULES } from './security';
import { SERVICE_RULES } from './services';

/** Every rule, in the order findings of one object are listed. */
export const RULES: readonly PolicyRule[] = [
  ...SCHEMA_RULES,
  ...IDENTITY_RULES,
  ...LABEL_RULES,
  ...API_SERVER_RULES,
  ...NAMESPACE_RULES,
  ...IMAGE_RULES,
  ...RESOURCE_RULES,
  ...PROBE_RULES,
  ...SECURITY_RULES,
  ...AVAILABILITY_RULES,
  ...HPA_RULES,
  ...JOB_RULES,
  ...SERVICE_RULES,
  ...REFERENCE_RULES,
  ...NETWORK_RULES,
  ...SECRET_RULES,
];

const ids = new Set<string>();
for (const r of RULES) {
  if (ids.has(r.id)) throw new Error(`duplicate policy rule id ${r.id}`);
  ids.add(r.id);
}

/** The rule with that id, or undefined. */
export function ruleById(id: string): PolicyRule | undefined {
  return RULES.find((r) => r.id === id);
}
