/**
 * Offline schema checks of rendered objects: the Kubernetes JSON schemas (`kubernetes-models`,
 * K8s 1.27) and the CRD packages, plus a strict unknown-field check that those schemas cannot do.
 */
import { Application, AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { AnalysisTemplate, Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';
import { VerticalPodAutoscaler } from '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1';
import { ClusterSecretStore, ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import { ClusterPolicy } from '@kubernetes-models/kyverno/kyverno.io/v1';
import { PodMonitor, PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, LimitRange, Namespace, ResourceQuota, Service, ServiceAccount } from 'kubernetes-models/v1';

/*: `new Model(data).validate()` throws. */
type ModelClass = new (data: any) => { validate(): void };

/** Every kind we render, by `apiVersion/kind`. A kind missing here fails the schema test. */
export const MODELS: Readonly<Record<string, ModelClass>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/LimitRange': LimitRange,
  'v1/ResourceQuota': ResourceQuota,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'argoproj.io/v1alpha1/Rollout': Rollout as unknown as ModelClass,
  'argoproj.io/v1alpha1/AnalysisTemplate': AnalysisTemplate as unknown as ModelClass,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor as unknown as ModelClass,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor as unknown as ModelClass,
  'autoscaling.k8s.io/v1/VerticalPodAutoscaler': VerticalPodAutoscaler as unknown as ModelClass,
  'argoproj.io/v1alpha1/Application': Application as unknown as ModelClass,
  'argoproj.io/v1alpha1/AppProject': AppProject as unknown as ModelClass,
  'external-secrets.io/v1beta1/ClusterSecretStore': ClusterSecretStore as unknown as ModelClass,
  'external-secrets.io/v1beta1/ExternalSecret': ExternalSecret as unknown as ModelClass,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule as unknown as ModelClass,
  'kyverno.io/v1/ClusterPolicy': ClusterPolicy as unknown as ModelClass,
};

/** Keys whose subtree is free-form by design in every schema that has them. */
const FREE_FORM_KEYS = new Set(['valuesObject', 'pattern']);

/**
 * Fields the schema packages are known to lack although the API has them, each with why. Only
 * these exact paths are forgiven; any other unknown key still fails.
 */
const SCHEMA_GAPS: Readonly<Record<string, readonly RegExp[]>> = {
  // the generator of @kubernetes-models/argo-cd drops properties named "description"
  'argoproj.io/v1alpha1/AppProject': [/^\/spec\/description$/],
};

/**
 * Free-form subtrees, by kind: their schema accepts any keys by design (Helm values, Kyverno
 * patterns), so the unknown-field walk stops at them.
 */
const FREE_FORM: Readonly<Record<string, (obj: any) => string[]>> = {
  'argoproj.io/v1alpha1/Application': () => ['/spec/source/helm/valuesObject'],
  'kyverno.io/v1/ClusterPolicy': (obj) => (obj.spec.rules ?? []).map((_: unknown, i: number) => `/spec/rules/${i}/validate/pattern`),
};

interface SchemaError { readonly instancePath: string; readonly message?: string }

/** The model of an object, or undefined when the kind is not known. */
export function modelOf(obj: { apiVersion: string; kind: string }): ModelClass | undefined {
  return MODELS[`${obj.apiVersion}/${obj.kind}`];
}

/** Schema errors of an object against its model (empty when valid). */
export function schemaErrors(model: ModelClass, obj: unknown): SchemaError[] {
  try {
    new model(obj).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors)) throw e;
    return errors;
  }
}

const pointer = (path: readonly string[]) => path.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/*
 * Values no typed schema accepts for both: every schema type rejects one of them (a boolean
 * field rejects the string, every other type rejects `true`, IntOrString rejects `true`).
 */
const PROBES: readonly unknown[] = [true, '\u0000probe'];

/**
 * JSON pointers of the fields the schema does not declare. The JSON schemas of these packages
 * allow unknown keys (no `additionalProperties: false`), and the kubernetes-models 4.x ones are
 * compiled to code, so the schema cannot be walked directly. Instead the validator itself says
 * whether a key is declared: put a value of the wrong type at the key; a declared field (or a
 * map entry, whose values are typed) reports an error at exactly that path, an undeclared one
 * is silently accepted. Known keys are walked recursively, except below the pointers in `opaque`
 * (subtrees another schema checks, such as a Rollout's pod template).
 */
export function unknownFields(model: ModelClass, obj: unknown, opaque: readonly string[] = []): string[] {
  const root = structuredClone(obj);
  const unknown: string[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, [...path, String(i)]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const original = record[key];
      const at = pointer([...path, key]);
      // a free-form subtree (any keys allowed by design) has no type to probe: accept it whole
      if (opaque.includes(at) && FREE_FORM_KEYS.has(key)) continue;
      const declared = PROBES.some((probe) => {
        record[key] = probe;
        return schemaErrors(model, root).some((e) => e.instancePath === at);
      });
      record[key] = original;
      if (!declared) unknown.push(at);
      else if (!opaque.includes(at)) walk(original, [...path, key]);
    }
  };
  walk(root, []);
  return unknown;
}

/**
 * The strict check of a rendered object: its schema, then no unknown field. The Argo Rollouts
 * CRD schema leaves parts of the pod template open (volumes, resources), so a Rollout's template
 * is checked against the core Deployment schema as well, as the Rollouts controller would use it.
 */
export function strictProblems(obj: { apiVersion: string; kind: string; metadata: any; spec?: any }): string[] {
  const model = modelOf(obj);
  if (!model) return [`no schema for ${obj.apiVersion} ${obj.kind}`];
  const problems = schemaErrors(model, obj).map((e) => `${e.instancePath} ${e.message}`);
  if (obj.kind === 'Rollout' && obj.apiVersion === 'argoproj.io/v1alpha1') {
    problems.push(...unknownFields(model, obj, ['/spec/template']).map((p) => `${p}: unknown field`));
    const asDeployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: obj.metadata, spec: { selector: obj.spec.selector, template: obj.spec.template } };
    problems.push(...schemaErrors(Deployment, asDeployment).map((e) => `${e.instancePath} ${e.message}`));
    problems.push(...unknownFields(Deployment, asDeployment).map((p) => `${p}: unknown field`));
  } else {
    const type = `${obj.apiVersion}/${obj.kind}`;
    const opaque = FREE_FORM[type]?.(obj) ?? [];
    const gaps = SCHEMA_GAPS[type] ?? [];
    problems.push(...unknownFields(model, obj, opaque).filter((p) => !gaps.some((g) => g.test(p))).map((p) => `${p}: unknown field`));
  }
  return problems;
}
