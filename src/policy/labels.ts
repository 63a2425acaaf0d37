/** Kubernetes label syntax (k8s.io/apimachinery/pkg/util/validation), which schema validation does not check. */

import { isDnsSubdomain } from '../manifests/names';

const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Why `key` is not a valid label key, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a label key has at most one "/" (prefix/name)';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return 'the prefix before "/" must not be empty';
    if (prefix.length > 253) return 'the prefix must be at most 253 characters';
    if (!isDnsSubdomain(prefix)) {
      return 'the prefix must be a DNS subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
    }
  }
  if (name.length === 0) return 'the name part must not be empty';
  if (name.length > 63) return 'the name part must be at most 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return 'the name part must consist of letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is (the empty string is valid). */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `a label value must be a string, not ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return undefined;
  if (value.length > 63) return 'a label value must be at most 63 characters';
  if (!QUALIFIED_NAME.test(value)) {
    return 'a label value must consist of letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}
