import { OTEL_COLLECTOR, OTEL_COLLECTOR_POD_LABELS, otlpEndpoint } from '../../../charts/platform/telemetry';
import { loadPlatform } from '../../../environments/load';
import { irsaRoleArn, LABEL_ENVIRONMENT, PLATFORM_ADDONS, telemetryBucketName } from '../../../environments/naming';
import { objects } from '../../helpers/render';

const platform = loadPlatform();

/** The Pod Security level the namespace an add-on lands in enforces: labelled by its Application, or rendered in the namespaces folder. */
const enforced = (a: any): string => a.spec.syncPolicy.managedNamespaceMetadata?.labels['pod-security.kubernetes.io/enforce']
  ?? objects(`${a.metadata.labels[LABEL_ENVIRONMENT]}/namespaces`)
    .find((o) => o.kind === 'Namespace' && o.metadata.name === a.spec.destination.namespace).metadata.labels['pod-security.kubernetes.io/enforce'];

describe.each(platform.environments.map((e) => [e.name, e] as const))('%s', (envName, env) => {
  const collector = objects(`${envName}/argocd`).find((o) => o.kind === 'Application' && o.metadata.name === `${envName}-${OTEL_COLLECTOR.release}`);

  test('one OpenTelemetry Collector: OTLP gRPC and HTTP in, memory limiter then batch, traces to Tempo, logs to Loki, metrics to Prometheus', () => {
    expect(collector.spec.destination.namespace).toBe(OTEL_COLLECTOR.namespace);
    expect(collector.spec.source.targetRevision).toMatch(/^\d+\.\d+\.\d+$/);
    const config = collector.spec.source.helm.valuesObject.config;
    expect(Object.keys(config.receivers.otlp.protocols).sort()).toEqual(['grpc', 'http']);
    const pipelines = config.service.pipelines;
    for (const p of ['traces', 'logs', 'metrics']) expect(pipelines[p].processors).toEqual(['memory_limiter', 'batch']);
    expect(pipelines.traces.exporters).toEqual(['otlp/tempo']);
    expect(pipelines.logs.exporters).toEqual(['otlphttp/loki']);
    expect(pipelines.metrics.exporters).toEqual(['prometheus']);
    expect(collector.spec.source.helm.valuesObject.serviceMonitor.enabled).toBe(true);
  });

  test('the collector runs restricted: its namespace enforces the restricted Pod Security Standard', () => {
    const values = collector.spec.source.helm.valuesObject;
    expect(values.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(enforced(collector)).toBe('restricted');
  });

  test.each(env.services.map((s) => [s.name, s] as const))('%s exports OTLP to the collector through its config, and its egress policy opens exactly that port', (name, s) => {
    const folder = `${envName}/${name}`;
    const data = objects(folder).find((o) => o.kind === 'ConfigMap').data;
    expect(data.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(otlpEndpoint());
    expect(data.OTEL_SERVICE_NAME).toBe(s.name);
    const egress = objects(folder).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `${name}-egress`).spec.egress;
    const rule = egress.find((r: any) => r.to?.some((t: any) => t.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === OTEL_COLLECTOR.namespace));
    expect(rule.to[0].podSelector.matchLabels).toEqual(OTEL_COLLECTOR_POD_LABELS);
    expect(rule.ports).toEqual([{ port: OTEL_COLLECTOR.httpPort, protocol: 'TCP' }]);
  });
});

describe.each(platform.environments.map((e) => [e.name, e] as const))('%s: Tempo and Loki', (envName, env) => {
  const app = (name: string) => objects(`${envName}/argocd`).find((o) => o.kind === 'Application' && o.metadata.name === `${envName}-${name}`);

  test.each([['tempo', 'traces'], ['loki', 'logs']] as const)('%s is pinned, restricted, and stores %s in the bucket the stack creates through its IRSA role', (name, signal) => {
    const a = app(name);
    expect(a.spec.source.targetRevision).toMatch(/^\d+\.\d+\.\d+$/);
    expect(enforced(a)).toBe('restricted');
    const values = JSON.stringify(a.spec.source.helm.valuesObject);
    expect(values).toContain(`"${telemetryBucketName(envName, env.aws.accountId, signal)}"`);
    const sa = PLATFORM_ADDONS[name];
    expect(a.spec.source.helm.valuesObject.serviceAccount).toEqual({
      name: sa.serviceAccount, annotations: { 'eks.amazonaws.com/role-arn': irsaRoleArn(env.aws.accountId, envName, sa.namespace, sa.serviceAccount) },
    });
  });
});
