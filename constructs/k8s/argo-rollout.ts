import type { IRollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import type { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomResource } from './custom-resource';

/** The Rollout spec, typed by `@kubernetes-models/argo-rollouts` (the CRD's own schema). */
export type ArgoRolloutSpec = IRollout['spec'];

/** Props of an {@link ArgoRollout}. */
export interface ArgoRolloutProps {
  /** Name, namespace and labels. */
  readonly metadata: ApiObjectMetadata;
  /** The spec, with its own pod template (not a `workloadRef`: one object owns the pods). */
  readonly spec: ArgoRolloutSpec;
}

/** An Argo Rollouts `Rollout` (argoproj.io/v1alpha1): a Deployment with canary or blue-green steps. */
export class ArgoRollout extends CustomResource {
  /** API version of the Rollout CRD. */
  public static readonly API_VERSION = 'argoproj.io/v1alpha1';
  /** Kind of the Rollout CRD. */
  public static readonly KIND = 'Rollout';

  constructor(scope: Construct, id: string, props: ArgoRolloutProps) {
    super(scope, id, { apiVersion: ArgoRollout.API_VERSION, kind: ArgoRollout.KIND, metadata: props.metadata, spec: props.spec });
  }
}
