import type { IAnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import type { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomResource } from './custom-resource';

/** The AnalysisTemplate spec, typed by `@kubernetes-models/argo-rollouts` (the CRD's own schema). */
export type ArgoAnalysisTemplateSpec = IAnalysisTemplate['spec'];

/** Props of an {@link ArgoAnalysisTemplate}. */
export interface ArgoAnalysisTemplateProps {
  /** Name, namespace and labels. */
  readonly metadata: ApiObjectMetadata;
  /** The spec: arguments and the metrics measured. */
  readonly spec: ArgoAnalysisTemplateSpec;
}

/**
 * An Argo Rollouts `AnalysisTemplate` (argoproj.io/v1alpha1): the measurements a Rollout runs
 * while it releases; a failed measurement beyond `failureLimit` aborts the release and rolls back.
 */
export class ArgoAnalysisTemplate extends CustomResource {
  /** API version of the AnalysisTemplate CRD. */
  public static readonly API_VERSION = 'argoproj.io/v1alpha1';
  /** Kind of the AnalysisTemplate CRD. */
  public static readonly KIND = 'AnalysisTemplate';

  constructor(scope: Construct, id: string, props: ArgoAnalysisTemplateProps) {
    super(scope, id, { apiVersion: ArgoAnalysisTemplate.API_VERSION, kind: ArgoAnalysisTemplate.KIND, metadata: props.metadata as IAnalysisTemplate['metadata'], spec: props.spec });
  }
}
