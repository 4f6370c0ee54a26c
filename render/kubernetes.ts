import { ApiObject, App, Chart } from 'cdk8s';
import { type KubernetesObject, manifestFiles } from './manifest-files';
import { environmentInScope, EVERYTHING, folderInScope, type RenderScope } from './scope';
import { NamespacesChart } from '../charts/namespaces-chart';
import { gitopsChart, platformConfigCharts } from '../charts/platform/platform-charts';
import { ServiceChart } from '../charts/service-chart';
import type { Platform } from '../environments/load';

/** A chart and the folder under `dist/k8s` that Argo CD syncs it from. */
export interface ChartFolder {
  /** `<env>/<app>`, the path Argo CD applications point at; never renumbered. */
  readonly folder: string;
  /** The chart rendered into it. */
  readonly chart: Chart;
}

/**
 * Builds the charts of every environment in one cdk8s App. Each chart is one Argo CD
 * application folder `<env>/<app>`. With a scope, only the charts of folders in scope are built
 * (the platform configuration charts also when Argo CD's folder is in scope: it describes them).
 */
export function buildKubernetes(platform: Platform, scope: RenderScope = EVERYTHING): { app: App; charts: ChartFolder[] } {
  // outdir is never written: we render from toJson(), not App.synth()
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  const charts: ChartFolder[] = [];
  const add = (folder: string, chart: Chart) => {
    if (charts.some((c) => c.folder === folder)) {
      throw new Error(`two charts render into dist/k8s/${folder}`);
    }
    charts.push({ folder, chart });
  };
  for (const env of platform.environments.filter((e) => environmentInScope(scope, e.name))) {
    const wanted = (folder: string) => folderInScope(scope, env.name, folder);
    // every folder of the environment, built or not: Argo CD gets an Application for each
    const folders: string[] = [];
    folders.push('namespaces');
    if (wanted('namespaces')) add(`${env.name}/namespaces`, new NamespacesChart(app, `${env.name}-namespaces`, { environment: env }));
    for (const service of env.services) {
      folders.push(service.name);
      if (wanted(service.name)) add(`${env.name}/${service.name}`, new ServiceChart(app, `${env.name}-${service.name}`, { environment: env, service }));
    }
    // the platform configuration charts are built when one of them or Argo CD's folder is in
    // scope (Argo CD describes them); a scope of services and namespaces only skips them
    const known = new Set(folders);
    if (!scope.apps?.length || scope.apps.some((a) => !known.has(a))) {
      const config = platformConfigCharts(app, env, platform.shared);
      for (const c of config) {
        folders.push(c.app);
        if (wanted(c.app)) add(`${env.name}/${c.app}`, c.chart);
      }
      // last: Argo CD gets an Application for every folder rendered above
      if (wanted('argocd')) add(`${env.name}/argocd`, gitopsChart(app, env, folders, config));
    }
  }
  return { app, charts };
}

/**
 * Renders every chart (in scope) into files: path relative to `dist/k8s` -> YAML. Validates the app once,
 * then serialises each chart's own API objects (Chart.toJson() would re-validate the whole app
 * per chart, quadratic in the number of charts).
 */
export function renderKubernetes(platform: Platform, scope: RenderScope = EVERYTHING): Map<string, string> {
  const { app, charts } = buildKubernetes(platform, scope);
  const errors = app.node.findAll().flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
  if (errors.length > 0) throw new Error(`cdk8s validation failed:\n${errors.join('\n')}`);

  const files = new Map<string, string>();
  for (const { folder, chart } of charts) {
    const objects = chart.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
      .map((o) => o.toJson() as KubernetesObject);
    for (const [file, yaml] of manifestFiles(folder, objects)) files.set(file, yaml);
  }
  return files;
}
