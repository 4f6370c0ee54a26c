import { ApiObject, App, Chart } from 'cdk8s';
import { type KubernetesObject, manifestFiles } from './manifest-files';
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
 * Builds every chart of every environment in one cdk8s App. Each chart is one Argo CD
 * application folder `<env>/<app>`.
 */
export function buildKubernetes(platform: Platform): { app: App; charts: ChartFolder[] } {
  // outdir is never written: we render from toJson(), not App.synth()
  const app = new App({ outdir: '.', recordConstructMetadata: false });
  const charts: ChartFolder[] = [];
  const add = (folder: string, chart: Chart) => {
    if (charts.some((c) => c.folder === folder)) {
      throw new Error(`two charts render into dist/k8s/${folder}`);
    }
    charts.push({ folder, chart });
  };
  for (const env of platform.environments) {
    add(`${env.name}/namespaces`, new NamespacesChart(app, `${env.name}-namespaces`, { environment: env }));
    for (const service of env.services) {
      add(`${env.name}/${service.name}`, new ServiceChart(app, `${env.name}-${service.name}`, { environment: env, service }));
    }
    const config = platformConfigCharts(app, env, platform.shared);
    for (const c of config) add(`${env.name}/${c.app}`, c.chart);
    // last: Argo CD gets an Application for every folder rendered above
    const folders = charts.filter((c) => c.folder.startsWith(`${env.name}/`)).map((c) => c.folder.slice(env.name.length + 1));
    add(`${env.name}/argocd`, gitopsChart(app, env, folders, config));
  }
  return { app, charts };
}

/**
 * Renders every chart into files: path relative to `dist/k8s` -> YAML. Validates the app once,
 * then serialises each chart's own API objects (Chart.toJson() would re-validate the whole app
 * per chart, quadratic in the number of charts).
 */
export function renderKubernetes(platform: Platform): Map<string, string> {
  const { app, charts } = buildKubernetes(platform);
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
