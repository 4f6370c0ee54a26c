import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';

/** Props of a {@link DefaultDenyNetworkPolicy}. */
export interface DefaultDenyNetworkPolicyProps {
  /** Policy name. */
  readonly name: string;
  /** The namespace it closes. */
  readonly namespace: string;
  /** Labels on the policy. */
  readonly labels: Record<string, string>;
}

/**
 * Denies all ingress and egress of every pod in a namespace; each service's own policies then
 * open exactly its declared paths. It belongs to the namespace, so it is rendered once per
 * namespace, never once per service.
 */
export class DefaultDenyNetworkPolicy extends Construct {
  /** The policy. */
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: DefaultDenyNetworkPolicyProps) {
    super(scope, id);
    this.policy = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
}
