import type { App, Chart } from 'cdk8s';
import { GitOpsChart, GitOpsProject, type GitOpsFolder, WAVE } from './gitops-chart';
import { MonitoringChart } from './monitoring-chart';
import { PoliciesChart } from './policies-chart';
import { SecretStoreChart } from './secret-store-chart';
import { ADDON_NAMESPACES, MONITORING_NAMESPACE, PLATFORM_ADDONS, serviceNamespace } from '../../environments/naming';
import { gitops } from '../../environments/platform';
import type { Environment, SharedConfig } from '../../environments/types';

/** A chart and how Argo CD syncs its folder. */
export interface PlatformFolder extends GitOpsFolder {
  /** The chart rendered into `dist/k8s/<env>/<app>/`. */
  readonly chart: Chart;
}

/** The platform configuration charts of one environment (everything but services, namespaces and argocd). */
export function platformConfigCharts(app: App, env: Environment, shared: SharedConfig): PlatformFolder[] {
  const settings = env.platform;
  const id = (app_: string) => `${env.name}-${app_}`;
  const config = (name: string, namespace: string, chart: Chart, wave: number = WAVE.CONFIGURATION): PlatformFolder =>
    ({ app: name, project: GitOpsProject.PLATFORM, namespace, wave, chart });
  return [
    // the store and the ExternalSecrets the add-ons name: before the add-ons
    config('platform-secrets', PLATFORM_ADDONS.externalSecrets.namespace,
      new SecretStoreChart(app, id('platform-secrets'), { environment: env }), WAVE.SECRETS),
    config('platform-monitoring', MONITORING_NAMESPACE,
      new MonitoringChart(app, id('platform-monitoring'), { environment: env })),
    config('platform-policies', ADDON_NAMESPACES.kyverno,
      new PoliciesChart(app, id('platform-policies'), { environment: env, shared, settings })),
  ];
}

/**
 * The Argo CD chart of one environment, given every other folder rendered for it. Service
 * folders (named after the service) go to the services project; the rest to the platform one.
 */
export function gitopsChart(app: App, env: Environment, folders: readonly string[], configFolders: readonly GitOpsFolder[]): Chart {
  const services = new Map(env.services.map((s) => [s.name, s]));
  const described: GitOpsFolder[] = folders.map((f) => {
    const config = configFolders.find((c) => c.app === f);
    if (config) return { app: config.app, project: config.project, namespace: config.namespace, wave: config.wave };
    const service = services.get(f);
    if (service) {
      return {
        app: f,
        project: GitOpsProject.SERVICES,
        namespace: serviceNamespace(service),
        wave: WAVE.SERVICES,
        // every service releases through Argo Rollouts (a rolling one too: it is measured)
        rolloutManaged: true,
        // public canary and rolling releases are weighted at the ALB by the Ingress of the service's name
        albWeights: service.exposure === 'public' && service.strategy?.type !== 'blueGreen'
          ? { ingress: service.name, rootService: service.name } : undefined,
      };
    }
    if (f === 'namespaces') return { app: f, project: GitOpsProject.PLATFORM, namespace: 'default', wave: WAVE.NAMESPACES };
    throw new Error(`dist/k8s/${env.name}/${f}: no Argo CD project is known for this folder`);
  });
  return new GitOpsChart(app, `${env.name}-argocd`, { environment: env, gitops, settings: env.platform, folders: described });
}
