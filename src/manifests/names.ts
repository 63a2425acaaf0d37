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
