import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_ISSUER, INGRESS_CONTROLLER, platformLabels } from '../../environments/naming';
import type { Environment, PlatformSettings } from '../../environments/types';

/** Props of a {@link ClusterIssuerChart}. */
export interface ClusterIssuerChartProps {
  /** The environment. */
  readonly environment: Environment;
  /** Its platform settings (ACME server and account e-mail). */
  readonly settings: PlatformSettings;
}

/**
 * The cert-manager ClusterIssuer named in every public Ingress (`cert-manager.io/cluster-issuer`):
 * ACME with HTTP-01 challenges answered through the shared ingress controller.
 */
export class ClusterIssuerChart extends Chart {
  constructor(scope: Construct, id: string, props: ClusterIssuerChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    new ApiObject(this, 'issuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: CLUSTER_ISSUER, labels: platformLabels(props.environment.name, 'certificates') },
      spec: {
        acme: {
          server: props.settings.acmeServer,
          email: props.settings.acmeEmail,
          privateKeySecretRef: { name: `${CLUSTER_ISSUER}-account-key` },
          solvers: [{ http01: { ingress: { ingressClassName: INGRESS_CONTROLLER.className } } }],
        },
      },
    });
  }
}
