import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { addonContext } from './addons/addon';
import { addonNamespaces } from './addons/addon-namespaces';
import { ADDONS } from './addons/catalog';
import { WAVE } from './waves';
import { ArgoCdApplication } from '../../constructs/k8s/argocd-application';
import { ArgoCdProject } from '../../constructs/k8s/argocd-project';
import { HelmAddon } from '../../constructs/k8s/helm-addon';
import { irsaRoleArn, platformLabels } from '../../environments/naming';
import type { GitOpsConfig } from '../../environments/platform';
import type { Environment, PlatformSettings } from '../../environments/types';

/** The two Argo CD projects: the platform (cluster-wide) and the services (their namespaces only). */
export enum GitOpsProject {
  /** Argo CD's built-in project, narrowed to the root app: this repository, Argo CD's namespace, nothing cluster-scoped. */
  ROOT = 'default',
  PLATFORM = 'platform',
  SERVICES = 'services',
}

/** One folder of `dist/k8s/<env>/` that an Application syncs. */
export interface GitOpsFolder {
  /** App name: the folder name and the Application name. */
  readonly app: string;
  /** Project that bounds it. */
  readonly project: GitOpsProject;
  /** Namespace objects without one land in. */
  readonly namespace: string;
  /** Sync wave in the app of apps. */
  readonly wave: number;
  /**
   * The folder's Services are switched by Argo Rollouts (canary or blue-green), which writes a
   * selector hash into them at run time.
   * @default false
   */
  readonly rolloutManaged?: boolean;
  /**
   * The Ingress whose ALB action annotation Argo Rollouts writes (the request weights of a
   * release), and the root Service the action is named after.
   * @default - none
   */
  readonly albWeights?: { readonly ingress: string; readonly rootService: string };
}

export { WAVE } from './waves';

/** Props of a {@link GitOpsChart}. */
export interface GitOpsChartProps {
  /** The environment. */
  readonly environment: Environment;
  /** Where Argo CD reads this repository. */
  readonly gitops: GitOpsConfig;
  /** The environment's platform settings. */
  readonly settings: PlatformSettings;
  /** Every other folder rendered for the environment. */
  readonly folders: readonly GitOpsFolder[];
}

/**
 * Argo CD's view of one environment, rendered into `dist/k8s/<env>/argocd/`: the projects, an
 * Application per rendered folder, the pinned upstream charts of the platform add-ons (with their
 * IRSA roles from the naming rules), and the root Application that manages this folder itself
 * (app of apps). Bootstrapping a cluster is one `helm install` of Argo CD and one `kubectl apply` of the root app.
 */
export class GitOpsChart extends Chart {
  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { environment: env, gitops, settings } = props;
    const labels = platformLabels(env.name, 'gitops');
    const ns = gitops.argocdNamespace;
    const context = addonContext(env, settings, gitops);
    const addons = ADDONS.map((a) => ({ ...a, values: a.values(context) }));
    // the namespaces folder creates these, in the first wave
    const createdNamespaces = new Set(addonNamespaces(ns).map((n) => n.name));

    const platformNamespaces = [...new Set([
      ns, ...addons.map((a) => a.namespace), ...props.folders.map((f) => f.namespace),
    ])].sort();
    new ArgoCdProject(this, 'platform-project', {
      name: GitOpsProject.PLATFORM,
      argocdNamespace: ns,
      description: `Platform of ${env.name}: namespaces, operators and their configuration`,
      sourceRepos: [gitops.repoUrl, ...[...new Set(addons.map((a) => a.chart.repoUrl))].sort()],
      destinationNamespaces: platformNamespaces,
      // operators install CRDs, ClusterRoles and webhooks
      clusterResources: [{ group: '*', kind: '*' }],
      labels,
    });
    const serviceFolders = props.folders.filter((f) => f.project === GitOpsProject.SERVICES);
    new ArgoCdProject(this, 'services-project', {
      name: GitOpsProject.SERVICES,
      argocdNamespace: ns,
      description: `Services of ${env.name}: namespaced objects in their own namespaces only`,
      sourceRepos: [gitops.repoUrl],
      destinationNamespaces: [...new Set(serviceFolders.map((f) => f.namespace))].sort(),
      deniedNamespacedResources: [{ group: '', kind: 'ResourceQuota' }, { group: '', kind: 'LimitRange' }],
      labels,
    });

    // the root app is applied alone, before the projects of this folder exist: it lives in Argo CD's
    // built-in project, which the first sync narrows to what the root app needs (namespaced objects in argocd)
    new ArgoCdProject(this, 'root-project', {
      name: GitOpsProject.ROOT,
      argocdNamespace: ns,
      description: `The root app of ${env.name}: Argo CD's own folder only`,
      sourceRepos: [gitops.repoUrl],
      destinationNamespaces: [ns],
      labels,
    });
    const folderPath = (app: string) => `dist/k8s/${env.name}/${app}`;
    new ArgoCdApplication(this, 'root', {
      name: `${env.name}-root`,
      argocdNamespace: ns,
      project: GitOpsProject.ROOT,
      source: { directory: { repoUrl: gitops.repoUrl, targetRevision: gitops.targetRevision, path: folderPath('argocd') } },
      destinationNamespace: ns,
      labels,
    });
    for (const f of props.folders) {
      new ArgoCdApplication(this, `app-${f.app}`, {
        name: `${env.name}-${f.app}`,
        argocdNamespace: ns,
        project: f.project,
        source: { directory: { repoUrl: gitops.repoUrl, targetRevision: gitops.targetRevision, path: folderPath(f.app) } },
        destinationNamespace: f.namespace,
        syncWave: f.wave,
        ...(f.rolloutManaged ? {
          ignoreDifferences: [
            { group: '', kind: 'Service', jqPathExpressions: ['.spec.selector["rollouts-pod-template-hash"]'] },
            // Argo Rollouts injects and updates the weights at run time (its ALB traffic-routing docs)
            ...(f.albWeights ? [{
              group: 'networking.k8s.io',
              kind: 'Ingress',
              name: f.albWeights.ingress,
              jqPathExpressions: [
                `.metadata.annotations["alb.ingress.kubernetes.io/actions.${f.albWeights.rootService}"]`,
                '.metadata.annotations["rollouts.argoproj.io/managed-alb-actions"]',
              ],
            }] : []),
          ],
        } : {}),
        labels,
      });
    }
    for (const a of addons) {
      new HelmAddon(this, a.name, {
        chart: a.chart,
        namespace: a.namespace,
        values: a.values,
        argocdNamespace: ns,
        project: GitOpsProject.PLATFORM,
        applicationName: `${env.name}-${a.name}`,
        syncWave: a.wave ?? WAVE.OPERATORS,
        podSecurity: a.podSecurity,
        ...(createdNamespaces.has(a.namespace) ? { createNamespace: false } : {}),
        cascadeDelete: a.cascadeDelete,
        ...(a.irsa ? {
          serviceAccount: {
            name: a.irsa.serviceAccount.serviceAccount,
            roleArn: irsaRoleArn(env.aws.accountId, env.name, a.irsa.serviceAccount.namespace, a.irsa.serviceAccount.serviceAccount),
            valuesPath: a.irsa.valuesPath,
          },
        } : {}),
        labels,
      });
    }
  }
}
