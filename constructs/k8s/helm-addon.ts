import { Construct } from 'constructs';
import { ArgoCdApplication } from './argocd-application';

/** An upstream Helm chart, pinned to an exact version. */
export interface PinnedHelmChart {
  /** Helm repository URL. */
  readonly repoUrl: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version: never a range, so a render says exactly what runs. */
  readonly version: string;
}

/** Pod Security Standard the add-on's namespace enforces. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** The chart's ServiceAccount that assumes an IAM role through IRSA. */
export interface HelmAddonServiceAccount {
  /** ServiceAccount name the chart creates. */
  readonly name: string;
  /** IAM role ARN written into its `eks.amazonaws.com/role-arn` annotation. */
  readonly roleArn: string;
  /**
   * Where the chart reads its ServiceAccount settings in its values (`name` and `annotations` under it).
   * @default ['serviceAccount']
   */
  readonly valuesPath?: readonly string[];
}

/** Props of a {@link HelmAddon}. */
export interface HelmAddonProps<V extends object = Record<string, unknown>> {
  /** The pinned chart. */
  readonly chart: PinnedHelmChart;
  /** Namespace the release lands in. */
  readonly namespace: string;
  /** The chart's values, typed by the add-on that owns them. */
  readonly values: V;
  /** Namespace Argo CD runs in. */
  readonly argocdNamespace: string;
  /** The AppProject that bounds the add-on. */
  readonly project: string;
  /** Labels of the Application object. */
  readonly labels: Record<string, string>;
  /**
   * Helm release name.
   * @default - the construct id
   */
  readonly releaseName?: string;
  /**
   * Application name, unique in the Argo CD namespace.
   * @default - the release name
   */
  readonly applicationName?: string;
  /**
   * Sync wave in the app of apps.
   * @default -1 (operators, after namespaces and before their configuration)
   */
  readonly syncWave?: number;
  /**
   * Pod Security level of the namespace Argo CD creates (it always warns at `restricted`).
   * @default 'baseline'
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Let Argo CD create and label the namespace. Off for namespaces that exist in every cluster
   * and are not ours to label (kube-system), and for those created elsewhere, before the add-on.
   * @default - true unless the namespace is `kube-system`
   */
  readonly createNamespace?: boolean;
  /**
   * The ServiceAccount that gets an IRSA role annotation.
   * @default - the chart's ServiceAccount has no AWS role
   */
  readonly serviceAccount?: HelmAddonServiceAccount;
  /**
   * Deleting the Application deletes what it deployed. Off for an add-on that must outlive its
   * Application (Argo CD itself).
   * @default true
   */
  readonly cascadeDelete?: boolean;
}

/**
 * A platform add-on: an Argo CD Application of an upstream Helm chart pinned to an exact version,
 * with typed values, its namespace (Pod Security labelled), a sync wave and, when the add-on calls
 * AWS, the IRSA annotation on the chart's ServiceAccount.
 */
export class HelmAddon<V extends object = Record<string, unknown>> extends Construct {
  /** The Application (escape hatch: `application.apiObject.addJsonPatch(...)`). */
  public readonly application: ArgoCdApplication;
  /** The values as rendered, with the ServiceAccount annotation merged in. */
  public readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: HelmAddonProps<V>) {
    super(scope, id);
    const releaseName = props.releaseName ?? id;
    this.values = props.serviceAccount ? withServiceAccount(props.values, props.serviceAccount) : { ...props.values as Record<string, unknown> };
    const createNamespace = props.createNamespace ?? props.namespace !== 'kube-system';
    this.application = new ArgoCdApplication(this, 'Application', {
      name: props.applicationName ?? releaseName,
      argocdNamespace: props.argocdNamespace,
      project: props.project,
      source: { helm: { ...props.chart, releaseName, values: this.values } },
      destinationNamespace: props.namespace,
      syncWave: props.syncWave ?? -1,
      ...(createNamespace ? {
        createNamespace: {
          labels: { 'pod-security.kubernetes.io/enforce': props.podSecurity ?? 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' },
        },
      } : {}),
      cascadeDelete: props.cascadeDelete,
      labels: props.labels,
    });
  }
}

/** The values with `{ name, annotations: { eks.amazonaws.com/role-arn } }` merged at the ServiceAccount path. */
function withServiceAccount(values: object, sa: HelmAddonServiceAccount): Record<string, unknown> {
  const path = sa.valuesPath ?? ['serviceAccount'];
  if (path.length === 0) throw new Error('HelmAddon: serviceAccount.valuesPath must name at least one key');
  const merge = (node: unknown, rest: readonly string[]): Record<string, unknown> => {
    const obj = node !== undefined && node !== null && typeof node === 'object' && !Array.isArray(node) ? { ...(node as Record<string, unknown>) } : {};
    if (rest.length === 0) {
      const annotations = (obj.annotations as Record<string, string> | undefined) ?? {};
      return { ...obj, name: sa.name, annotations: { ...annotations, 'eks.amazonaws.com/role-arn': sa.roleArn } };
    }
    return { ...obj, [rest[0]]: merge(obj[rest[0]], rest.slice(1)) };
  };
  return merge(values, path);
}
