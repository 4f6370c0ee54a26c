import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ALERTMANAGER_RECEIVERS_SECRET, receiverSecretKeysOf } from './alertmanager-config';
import { CustomResource } from '../../constructs/k8s/custom-resource';
import { applicationNamespaces, MONITORING_NAMESPACE, PLATFORM_ADDONS, platformLabels, secretNamePrefix } from '../../environments/naming';
import { gitops } from '../../environments/platform';
import type { Environment } from '../../environments/types';

/** The ClusterSecretStore every ExternalSecret of the environment reads through. */
export const SECRET_STORE_NAME = 'aws-secrets-manager';

/** The Secret holding Grafana's admin login, synced from AWS Secrets Manager (never in git). */
export const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } as const;

/** One ExternalSecret of the platform: keys of one Secrets Manager secret into a Secret of the same name. */
interface PlatformExternalSecret {
  /** The ExternalSecret's and its Secret's name. */
  readonly name: string;
  /** Where the Secret is created: the namespace of the add-on that names it. */
  readonly namespace: string;
  /** The `app.kubernetes.io/component` label. */
  readonly component: string;
  /** The Secrets Manager secret. */
  readonly remoteKey: string;
  /** Its properties, each a key of the Secret. */
  readonly keys: readonly string[];
  /**
   * The Secret's labels and data built from the keys.
   * @default - the keys as they are
   */
  readonly template?: { readonly metadata: { readonly labels: Record<string, string> }; readonly data: Record<string, string> };
}

/** Props of a {@link SecretStoreChart}. */
export interface SecretStoreChartProps {
  /** The environment. */
  readonly environment: Environment;
}

/**
 * External Secrets' door to AWS Secrets Manager: secrets stay in AWS and reach pods as references,
 * never as values in git. The operator authenticates with its IRSA role, which may read only the
 * environment's `<env>/` secrets; only the application namespaces (and monitoring and Argo CD) may use the store.
 *
 * The ExternalSecrets the add-ons name (Grafana's admin login, Alertmanager's receivers, Argo CD's
 * repository credentials) live here too, so they sync in the wave before the add-ons: an add-on
 * whose Secret is missing never becomes Healthy, and the root app would wait on it for good.
 */
export class SecretStoreChart extends Chart {
  constructor(scope: Construct, id: string, props: SecretStoreChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    const eso = PLATFORM_ADDONS.externalSecrets;
    new CustomResource(this, 'store', {
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

    const platformSecret = (name: string) => `${secretNamePrefix(env.name)}platform/${name}`;
    const externalSecret = (cid: string, p: PlatformExternalSecret) => new CustomResource(this, cid, {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: {
        name: p.name,
        namespace: p.namespace,
        labels: platformLabels(env.name, p.component),
        // within this folder's sync: after the store, which Argo CD reports Healthy once it can read Secrets Manager
        annotations: { 'argocd.argoproj.io/sync-wave': '1' },
      },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: SECRET_STORE_NAME },
        target: { name: p.name, creationPolicy: 'Owner', ...(p.template ? { template: p.template } : {}) },
        data: p.keys.map((key) => ({ secretKey: key, remoteRef: { key: p.remoteKey, property: key } })),
      },
    });
    // the receivers' webhooks and pager keys: Alertmanager reads them as files from this Secret
    externalSecret('alertmanager-receivers', {
      name: ALERTMANAGER_RECEIVERS_SECRET,
      namespace: MONITORING_NAMESPACE,
      component: 'monitoring',
      remoteKey: platformSecret(ALERTMANAGER_RECEIVERS_SECRET),
      keys: receiverSecretKeysOf(env),
    });
    externalSecret('grafana-admin', {
      name: GRAFANA_ADMIN_SECRET.name,
      namespace: MONITORING_NAMESPACE,
      component: 'monitoring',
      remoteKey: platformSecret('grafana-admin'),
      keys: [GRAFANA_ADMIN_SECRET.userKey, GRAFANA_ADMIN_SECRET.passwordKey],
    });
    // the repository Secret Argo CD reads this repository with: never a literal
    const repoSecret = `repo-${gitops.repoCredentialsSecret}`;
    externalSecret('repository-credentials', {
      name: repoSecret,
      namespace: gitops.argocdNamespace,
      component: 'gitops',
      remoteKey: platformSecret(gitops.repoCredentialsSecret),
      keys: ['username', 'password'],
      template: {
        metadata: { labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
        data: { type: 'git', url: gitops.repoUrl, username: '{{ .username }}', password: '{{ .password }}' },
      },
    });
  }
}
