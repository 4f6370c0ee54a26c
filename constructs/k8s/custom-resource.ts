import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import type { IAppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import type { IAnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import type { IRollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import type { IVerticalPodAutoscaler } from '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler';
import type { IClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ClusterSecretStore';
import type { IExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret';
import type { IClusterPolicy } from '@kubernetes-models/kyverno/kyverno.io/v1/ClusterPolicy';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ApiObject, type ApiObjectProps } from 'cdk8s';
import type { Construct } from 'constructs';

/**
 * Every custom resource the platform renders, typed by the CRD schemas the pinned
 * `@kubernetes-models/*` packages ship (types only: nothing of them loads at render time). The
 * `kind` selects the type, so a misspelt field of any custom resource fails to compile.
 */
export type CustomResourceBody =
  | IApplication
  | IAppProject
  | IRollout
  | IAnalysisTemplate
  | IVerticalPodAutoscaler
  | IClusterSecretStore
  | IExternalSecret
  | IClusterPolicy
  | IPrometheusRule
  | IServiceMonitor
  | IPodMonitor;

/** The body of the custom resource of one kind. */
export type CustomResourceOf<K extends CustomResourceBody['kind']> = Extract<CustomResourceBody, { kind: K }>;

/** A custom resource object (an ApiObject whose body is checked against its CRD's schema at compile time). */
export class CustomResource extends ApiObject {
  constructor(scope: Construct, id: string, body: CustomResourceBody) {
    super(scope, id, body as unknown as ApiObjectProps);
  }
}
