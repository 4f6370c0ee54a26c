import { Construct } from 'constructs';
import { CustomResource } from './custom-resource';

/** A folder of plain manifests in a git repository. */
export interface DirectorySource {
  /** Git URL. */
  readonly repoUrl: string;
  /** Branch, tag or commit. */
  readonly targetRevision: string;
  /** Folder inside the repository, e.g. `dist/k8s/prod/web`. */
  readonly path: string;
}

/** An upstream Helm chart with values. */
export interface HelmSource {
  /** Helm repository URL. */
  readonly repoUrl: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
  /** Helm release name. */
  readonly releaseName: string;
  /** Values, rendered as YAML into the Application (reviewed like any other field). */
  readonly values: Record<string, unknown>;
}

/** Props of an {@link ArgoCdApplication}. */
export interface ArgoCdApplicationProps {
  /** Application name, unique in the Argo CD namespace. */
  readonly name: string;
  /** Namespace Argo CD runs in. */
  readonly argocdNamespace: string;
  /** The AppProject that bounds what this application may deploy. */
  readonly project: string;
  /** What to deploy: exactly one of a directory or a Helm chart. */
  readonly source: { readonly directory: DirectorySource } | { readonly helm: HelmSource };
  /** Namespace objects without one are deployed into. */
  readonly destinationNamespace: string;
  /**
   * Sync wave: the parent app-of-apps syncs lower waves first (namespaces, then operators and
   * their CRDs, then configuration, then services).
   * @default 0
   */
  readonly syncWave?: number;
  /**
   * Let Argo CD create the destination namespace, with these labels.
   * @default - the namespace is not created by this application
   */
  readonly createNamespace?: { readonly labels: Record<string, string> };
  /**
   * Prune objects removed from git and revert drift automatically.
   * @default true
   */
  readonly automated?: boolean;
  /**
   * Live fields Argo CD must neither report as drift nor revert, e.g. the selector hash Argo
   * Rollouts writes into the Services of a canary or blue-green release.
   * @default - none
   */
  readonly ignoreDifferences?: readonly IgnoredDifference[];
  /**
   * Deleting the Application deletes what it deployed (Argo CD's resources finalizer). Off for
   * what must outlive its Application, such as Argo CD itself.
   * @default true
   */
  readonly cascadeDelete?: boolean;
  /** Labels of the Application object. */
  readonly labels: Record<string, string>;
}

/** A live field Argo CD leaves alone. */
export interface IgnoredDifference {
  /** API group (`''` for core). */
  readonly group: string;
  /** Kind. */
  readonly kind: string;
  /**
   * Name of the one object.
   * @default - every object of the kind
   */
  readonly name?: string;
  /** jq paths of the fields. */
  readonly jqPathExpressions: readonly string[];
}

/**
 * An Argo CD `Application` (argoproj.io/v1alpha1): one folder of `dist/k8s` or one pinned Helm
 * chart, synced into the cluster Argo CD runs in.
 */
export class ArgoCdApplication extends Construct {
  /** The Application object (escape hatch). */
  public readonly apiObject: CustomResource;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    const source = 'directory' in props.source
      ? {
        repoURL: props.source.directory.repoUrl,
        targetRevision: props.source.directory.targetRevision,
        path: props.source.directory.path,
        directory: { recurse: false },
      }
      : {
        repoURL: props.source.helm.repoUrl,
        chart: props.source.helm.chart,
        targetRevision: props.source.helm.version,
        helm: { releaseName: props.source.helm.releaseName, valuesObject: props.source.helm.values },
      };
    const syncOptions = [
      // CRs of an operator synced in the same run may precede their CRDs: retry instead of failing the dry run
      'SkipDryRunOnMissingResource=true',
      'ServerSideApply=true',
      'PruneLast=true',
      ...(props.createNamespace ? ['CreateNamespace=true'] : []),
      ...(props.ignoreDifferences ? ['RespectIgnoreDifferences=true'] : []),
    ];
    this.apiObject = new CustomResource(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace,
        labels: props.labels,
        annotations: { 'argocd.argoproj.io/sync-wave': String(props.syncWave ?? 0) },
        // deleting the Application deletes what it deployed, instead of orphaning it
        ...(props.cascadeDelete ?? true ? { finalizers: ['resources-finalizer.argocd.argoproj.io'] } : {}),
      },
      spec: {
        project: props.project,
        source,
        destination: { server: 'https://kubernetes.default.svc', namespace: props.destinationNamespace },
        syncPolicy: {
          ...(props.automated ?? true ? { automated: { prune: true, selfHeal: true } } : {}),
          syncOptions,
          ...(props.createNamespace ? { managedNamespaceMetadata: { labels: props.createNamespace.labels } } : {}),
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
        },
        ...(props.ignoreDifferences ? {
          ignoreDifferences: props.ignoreDifferences.map((d) => ({ ...d, jqPathExpressions: [...d.jqPathExpressions] })),
        } : {}),
        revisionHistoryLimit: 10,
      },
    });
  }
}
