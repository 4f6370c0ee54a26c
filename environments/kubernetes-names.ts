/**
 * Kubernetes' own grammars and limits (k8s.io/apimachinery validation), so that a name or label
 * the API server would refuse is refused at load time instead, naming the config field.
 */
import { canaryServiceName, networkPolicyName, previewServiceName, serviceAccountName, stableServiceName } from './naming';
import { fail, show } from './validation-rules';

/** DNS-1123 label: namespaces, most object names' parts; at most 63. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1035 label: Service names (start with a letter); at most 63. */
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: ConfigMaps, Secrets, NetworkPolicies, ServiceAccounts, Roles; at most 253. */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a label key and a non-empty label value. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** Most a ConfigMap may hold (keys and values together). */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/** Why `key` is not a valid label (or taint) key, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_1123_SUBDOMAIN.test(prefix))) return `its prefix "${prefix}" is not a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) return `its name "${name}" is not 1-63 letters, digits, "-", "_" or "." starting and ending with a letter or digit`;
  if (prefix !== undefined && /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix)) return `the prefix "${prefix}" is reserved for Kubernetes`;
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  return value.length <= 63 && LABEL_NAME.test(value) ? undefined : 'it is not up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit';
}

/** Checks a map of labels (`field` names the map). */
export function validateLabels(env: string, field: string, labels: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) fail(env, `${field}.${key}`, `"${key}" is not a Kubernetes label key: ${keyProblem}`, 'use a key such as "example.com/pool" or "pool"');
    const valueProblem = labelValueProblem(value);
    if (valueProblem) fail(env, `${field}.${key}`, `${show(value)} is not a Kubernetes label value: ${valueProblem}`, 'use a value such as "general"');
  }
}

/** One object name a service's manifests derive from its name, and the grammar it must meet. */
interface DerivedName {
  readonly what: string;
  readonly name: string;
  readonly grammar: 'dns1035' | 'subdomain' | 'label';
}

/** Every object name rendered for a service (`blueGreen`: with its preview Service). */
export function derivedNames(service: string, blueGreen: boolean, isPublic: boolean): DerivedName[] {
  return [
    { what: 'Service', name: service, grammar: 'dns1035' },
    ...(blueGreen ? [{ what: 'preview Service', name: previewServiceName(service), grammar: 'dns1035' as const }] : []),
    { what: 'pod label app.kubernetes.io/name', name: service, grammar: 'label' },
    { what: 'ServiceAccount, Role, ConfigMap', name: serviceAccountName(service), grammar: 'subdomain' },
    { what: 'NetworkPolicy', name: networkPolicyName(service, 'ingress'), grammar: 'subdomain' },
    { what: 'NetworkPolicy', name: networkPolicyName(service, 'egress'), grammar: 'subdomain' },
    // a public service's weighted releases split requests between these two at the load balancer
    ...(isPublic ? [
      { what: 'canary Service', name: canaryServiceName(service), grammar: 'dns1035' as const },
      { what: 'stable Service', name: stableServiceName(service), grammar: 'dns1035' as const },
    ] : []),
  ];
}

/** Checks the names a service derives against Kubernetes' grammars and limits. */
export function validateDerivedNames(env: string, field: string, service: string, blueGreen: boolean, isPublic: boolean): void {
  for (const d of derivedNames(service, blueGreen, isPublic)) {
    const [pattern, max, grammar] = d.grammar === 'dns1035' ? [DNS_1035, 63, 'a DNS-1035 label']
      : d.grammar === 'label' ? [LABEL_NAME, 63, 'a label value'] : [DNS_1123_SUBDOMAIN, 253, 'a DNS-1123 subdomain'];
    if (d.name.length > max || !pattern.test(d.name)) {
      fail(env, field, `the ${d.what} name "${d.name}" is not ${grammar} of at most ${max} characters`,
        `shorten the service name to at most ${max - (d.name.length - service.length)} characters`);
    }
  }
}

/** Bytes a ConfigMap's data takes: keys and values as UTF-8. */
export function configMapBytes(data: Readonly<Record<string, string | number | boolean>>): number {
  return Object.entries(data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
}
