import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DefaultDenyNetworkPolicy } from '../constructs/k8s/default-deny-network-policy';
import { DEFAULT_DENY_POLICY_NAME, platformLabels, applicationNamespaces } from '../environments/naming';
import type { Environment } from '../environments/types';

/** Props of a {@link NamespacesChart}. */
export interface NamespacesChartProps {
  /** The environment whose application namespaces are rendered. */
  readonly environment: Environment;
}

/**
 * The application namespaces of an environment, each enforcing the Pod Security Standards
 * "restricted" profile and closed by a default-deny NetworkPolicy (each service's own policies
 * open its declared paths). Objects that belong to a namespace rather than to one service live here.
 */
export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, props: NamespacesChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    const names = applicationNamespaces(env.services);
    for (const name of names) {
      new kplus.Namespace(this, name, {
        metadata: {
          name,
          labels: {
            ...platformLabels(env.name, 'namespace'),
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
          },
        },
      });
      new DefaultDenyNetworkPolicy(this, `${name}-default-deny`, {
        name: DEFAULT_DENY_POLICY_NAME,
        namespace: name,
        labels: platformLabels(env.name, 'network-policy'),
      });
    }
  }
}
