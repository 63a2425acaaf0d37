/** Kubernetes name syntax (k8s.io/apimachinery/pkg/util/validation). */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** An RFC 1123 label: lower case, digits and '-', at most 63 characters (namespaces, Service names). */
export function isDnsLabel(text: string): boolean {
  return DNS_LABEL.test(text);
}

/** An RFC 1123 subdomain: dot-separated labels, at most 253 characters (most object names). */
export function isDnsSubdomain(text: string): boolean {
  return DNS_SUBDOMAIN.test(text);
}

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** An RFC 1035 label: a DNS label that starts with a letter (Service names). */
export function isDns1035Label(text: string): boolean {
  return DNS_1035_LABEL.test(text);
}

/** A host name DNS can resolve: a DNS subdomain whose every dot-separated label is at most 63 characters. */
export function isDnsHostName(text: string): boolean {
  return isDnsSubdomain(text) && text.split('.').every((label) => label.length <= 63);
}

/** A name the API server accepts as one URL path segment (custom resources, RBAC objects): not `.`/`..`, no `/` or `%`. */
export function isPathSegmentName(text: string): boolean {
  return text !== '' && text !== '.' && text !== '..' && !/[/%]/.test(text);
}

/** Which rule a kind's `metadata.name` follows on the API server, and the check for it. */
export interface NameRule {
  /** The rule, in words (as the API server's message names it). */
  readonly rule: string;
  /** Whether `name` follows it. */
  readonly test: (name: string) => boolean;
}

const LABEL_RULE: NameRule = { rule: 'an RFC 1123 DNS label (lower-case letters, digits and "-", at most 63 characters)', test: isDnsLabel };
const RULES_BY_KIND: Readonly<Record<string, NameRule>> = {
  Service: { rule: 'an RFC 1035 DNS label (lower-case letters, digits and "-", starting with a letter, at most 63 characters)', test: isDns1035Label },
  Namespace: LABEL_RULE,
  // The API server takes a subdomain, but every pod's hostname is its name plus "-N", and a hostname is a label.
  StatefulSet: LABEL_RULE,
  Role: { rule: 'a path segment name (not "." or "..", no "/" or "%")', test: isPathSegmentName },
  ClusterRole: { rule: 'a path segment name (not "." or "..", no "/" or "%")', test: isPathSegmentName },
  RoleBinding: { rule: 'a path segment name (not "." or "..", no "/" or "%")', test: isPathSegmentName },
  ClusterRoleBinding: { rule: 'a path segment name (not "." or "..", no "/" or "%")', test: isPathSegmentName },
};
const SUBDOMAIN_RULE: NameRule = { rule: 'an RFC 1123 DNS subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)', test: isDnsSubdomain };
const SEGMENT_RULE: NameRule = { rule: 'a path segment name (not "." or "..", no "/" or "%")', test: isPathSegmentName };

/**
 * The name rule of a kind (k8s.io/kubernetes pkg/apis/.../validation): built-in kinds take a DNS subdomain
 * unless listed otherwise; custom resources (`builtIn` false) only a path segment.
 */
export function nameRuleOf(kind: string, builtIn: boolean): NameRule {
  return RULES_BY_KIND[kind] ?? (builtIn ? SUBDOMAIN_RULE : SEGMENT_RULE);
}

/** A version (an image tag) as a fragment of a DNS label: `1.4.2` → `1-4-2`, `v2.0.0-RC1` → `v2-0-0-rc1`. */
export function versionSlug(version: string): string {
  return version.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}
