import type { IVerticalPodAutoscaler } from '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler';
import type { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomResource } from './custom-resource';

/** The workload a {@link VerticalPodAutoscaler} watches. */
export interface VpaTarget {
  /** API version of the workload, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `Deployment` or `Rollout`. */
  readonly kind: string;
  /** Name. */
  readonly name: string;
}

/** Props of a {@link VerticalPodAutoscaler}. */
export interface VerticalPodAutoscalerProps {
  /** Name, namespace and labels. */
  readonly metadata: ApiObjectMetadata;
  /** The workload to size. */
  readonly target: VpaTarget;
}

/**
 * A VerticalPodAutoscaler (autoscaling.k8s.io/v1) in recommendation mode: `updateMode: "Off"`
 * only publishes recommended requests, so it never fights the HorizontalPodAutoscaler over pods.
 */
export class VerticalPodAutoscaler extends CustomResource {
  constructor(scope: Construct, id: string, props: VerticalPodAutoscalerProps) {
    const spec: IVerticalPodAutoscaler['spec'] = {
      targetRef: { apiVersion: props.target.apiVersion, kind: props.target.kind, name: props.target.name },
      updatePolicy: { updateMode: 'Off' },
      resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'] }] },
    };
    super(scope, id, { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', metadata: props.metadata, spec });
  }
}
