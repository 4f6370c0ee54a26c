import { Construct } from 'constructs';
import { CustomResource } from './custom-resource';

/** A group/kind pair of an AppProject allow list. */
export interface GroupKind {
  /** API group (`''` for the core group). */
  readonly group: string;
  /** Kind. */
  readonly kind: string;
}

/** Props of an {@link ArgoCdProject}. */
export interface ArgoCdProjectProps {
  /** Project name. */
  readonly name: string;
  /** Namespace Argo CD runs in. */
  readonly argocdNamespace: string;
  /** One line saying what the project deploys. */
  readonly description: string;
  /** Repositories (git or Helm) its applications may use. */
  readonly sourceRepos: readonly string[];
  /** Namespaces its applications may deploy into. */
  readonly destinationNamespaces: readonly string[];
  /**
   * Cluster-scoped kinds its applications may create.
   * @default - none: applications of the project can only touch namespaced objects
   */
  readonly clusterResources?: readonly GroupKind[];
  /**
   * Namespaced kinds its applications may NOT create.
   * @default - none denied
   */
  readonly deniedNamespacedResources?: readonly GroupKind[];
  /** Labels of the AppProject object. */
  readonly labels: Record<string, string>;
}

/**
 * An Argo CD `AppProject`: the boundary of what a group of applications may deploy (sources,
 * destination namespaces, cluster-scoped kinds). Least privilege by default.
 */
export class ArgoCdProject extends Construct {
  /** The AppProject object (escape hatch). */
  public readonly apiObject: CustomResource;

  constructor(scope: Construct, id: string, props: ArgoCdProjectProps) {
    super(scope, id);
    this.apiObject = new CustomResource(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace,
        labels: props.labels,
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        description: props.description,
        sourceRepos: [...props.sourceRepos],
        destinations: props.destinationNamespaces.map((namespace) => ({ server: 'https://kubernetes.default.svc', namespace })),
        clusterResourceWhitelist: (props.clusterResources ?? []).map((r) => ({ ...r })),
        ...(props.deniedNamespacedResources ? { namespaceResourceBlacklist: props.deniedNamespacedResources.map((r) => ({ ...r })) } : {}),
        orphanedResources: { warn: true },
      },
    });
  }
}
