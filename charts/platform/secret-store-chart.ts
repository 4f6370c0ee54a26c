import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { applicationNamespaces, MONITORING_NAMESPACE, PLATFORM_ADDONS, platformLabels } from '../../environments/naming';
import { gitops } from '../../environments/platform';
import type { Environment } from '../../environments/types';

/** The ClusterSecretStore every ExternalSecret of the environment reads through. */
export const SECRET_STORE_NAME = 'aws-secrets-manager';

/** Props of a {@link SecretStoreChart}. */
export interface SecretStoreChartProps {
  /** The environment. */
  readonly environment: Environment;
}

/**
 * External Secrets' door to AWS Secrets Manager: secrets stay in AWS and reach pods as references,
 * never as values in git. The operator authenticates with its IRSA role, which may read only the
 * environment's `<env>/` secrets; only the application namespaces (and monitoring and Argo CD) may use the store.
 */
export class SecretStoreChart extends Chart {
  constructor(scope: Construct, id: string, props: SecretStoreChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    const eso = PLATFORM_ADDONS.externalSecrets;
    new ApiObject(this, 'store', {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ClusterSecretStore',
      metadata: { name: SECRET_STORE_NAME, labels: platformLabels(env.name, 'secrets') },
      spec: {
        provider: {
          aws: {
            service: 'SecretsManager',
            region: env.aws.region,
            auth: { jwt: { serviceAccountRef: { name: eso.serviceAccount, namespace: eso.namespace } } },
          },
        },
        // the application namespaces, monitoring for Grafana's admin login, Argo CD for its repository credentials
        conditions: [{ namespaces: [...applicationNamespaces(env.services), MONITORING_NAMESPACE, gitops.argocdNamespace].sort() }],
      },
    });
  }
}
