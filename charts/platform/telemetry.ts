/**
 * The telemetry pipeline of a cluster: services send OTLP to one OpenTelemetry Collector, which
 * batches (behind a memory limiter) and forwards traces to Tempo, logs to Loki and metrics to
 * Prometheus (a scrape endpoint its ServiceMonitor exposes). Services learn the address through
 * their ConfigMap; their egress NetworkPolicy opens exactly the collector's OTLP ports.
 */
import { telemetryBucketName } from '../../environments/naming';
import type { Environment, Service } from '../../environments/types';

/** Where the collector runs and how it is reached. */
export const OTEL_COLLECTOR = {
  namespace: 'observability',
  /** Helm release name; the chart names its Service and pods after it. */
  release: 'opentelemetry-collector',
  grpcPort: 4317,
  httpPort: 4318,
  /** Its Prometheus exporter (scraped through the chart's ServiceMonitor). */
  metricsPort: 8889,
} as const;

/** Labels of the collector's pods (the chart's selector labels). */
export const OTEL_COLLECTOR_POD_LABELS = {
  'app.kubernetes.io/name': 'opentelemetry-collector',
  'app.kubernetes.io/instance': OTEL_COLLECTOR.release,
} as const;

/** Tempo's distributor (OTLP gRPC) and Loki's gateway (OTLP HTTP), in the same namespace. */
const TEMPO_OTLP = `tempo.${OTEL_COLLECTOR.namespace}.svc:4317`;
const LOKI_OTLP = `http://loki-gateway.${OTEL_COLLECTOR.namespace}.svc/otlp`;

/** The OTLP endpoint services export to (HTTP, the SDKs' default protocol). */
export function otlpEndpoint(): string {
  return `http://${OTEL_COLLECTOR.release}.${OTEL_COLLECTOR.namespace}.svc:${OTEL_COLLECTOR.httpPort}`;
}

/** The environment variables that point a service's OpenTelemetry SDK at the collector. */
export function telemetryConfig(env: Environment, service: Service): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint(),
    OTEL_SERVICE_NAME: service.name,
    OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=${env.name},service.namespace=${service.namespace}`,
  };
}

/** A restricted container security context, for the charts that let us set it. */
export const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** Values of the opentelemetry-collector chart. */
export function collectorValues(env: Environment): Record<string, unknown> {
  const prod = env.tier === 'production';
  const pipeline = (exporters: string[]) => ({ receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters });
  return {
    mode: 'deployment',
    image: { repository: 'otel/opentelemetry-collector-contrib' },
    replicaCount: prod ? 2 : 1,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: RESTRICTED_CONTAINER,
    ports: {
      'otlp': { enabled: true, containerPort: OTEL_COLLECTOR.grpcPort, servicePort: OTEL_COLLECTOR.grpcPort, protocol: 'TCP' },
      'otlp-http': { enabled: true, containerPort: OTEL_COLLECTOR.httpPort, servicePort: OTEL_COLLECTOR.httpPort, protocol: 'TCP' },
      'jaeger-compact': { enabled: false },
      'jaeger-thrift': { enabled: false },
      'jaeger-grpc': { enabled: false },
      'zipkin': { enabled: false },
      'metrics': { enabled: true, containerPort: OTEL_COLLECTOR.metricsPort, servicePort: OTEL_COLLECTOR.metricsPort, protocol: 'TCP' },
    },
    serviceMonitor: { enabled: true, metricsEndpoints: [{ port: 'metrics' }] },
    config: {
      receivers: {
        otlp: {
          protocols: {
            grpc: { endpoint: `\${env:MY_POD_IP}:${OTEL_COLLECTOR.grpcPort}` },
            http: { endpoint: `\${env:MY_POD_IP}:${OTEL_COLLECTOR.httpPort}` },
          },
        },
      },
      processors: {
        // refuse data before the pod is OOM-killed, then batch what is accepted
        memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
        batch: {},
      },
      exporters: {
        'otlp/tempo': { endpoint: TEMPO_OTLP, tls: { insecure: true } },
        'otlphttp/loki': { endpoint: LOKI_OTLP },
        'prometheus': { endpoint: `\${env:MY_POD_IP}:${OTEL_COLLECTOR.metricsPort}`, resource_to_telemetry_conversion: { enabled: true } },
      },
      service: {
        pipelines: {
          traces: pipeline(['otlp/tempo']),
          logs: pipeline(['otlphttp/loki']),
          metrics: pipeline(['prometheus']),
        },
      },
    },
  };
}

/** What Tempo and Loki need to know of the environment's AWS side. */
export interface TelemetryStorage {
  /** AWS region of the buckets. */
  readonly region: string;
  /** Tempo's bucket. */
  readonly tracesBucket: string;
  /** Loki's bucket. */
  readonly logsBucket: string;
  /** Days both keep their data. */
  readonly retentionDays: number;
}

const RESTRICTED_POD = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } } as const;

/** Values of the tempo chart (single binary): OTLP in from the collector, traces in S3 through IRSA. */
export function tempoValues(s: TelemetryStorage): Record<string, unknown> {
  return {
    podSecurityContext: RESTRICTED_POD,
    securityContext: RESTRICTED_CONTAINER,
    tempo: {
      retention: `${s.retentionDays * 24}h`,
      receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${OTEL_COLLECTOR.grpcPort}` } } } },
      storage: { trace: { backend: 's3', s3: { bucket: s.tracesBucket, endpoint: `s3.${s.region}.amazonaws.com`, region: s.region } } },
    },
    serviceMonitor: { enabled: true },
  };
}

/** Values of the loki chart (single binary): OTLP logs in through the gateway, chunks in S3 through IRSA. */
export function lokiValues(s: TelemetryStorage): Record<string, unknown> {
  return {
    deploymentMode: 'SingleBinary',
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      podSecurityContext: RESTRICTED_POD,
      containerSecurityContext: RESTRICTED_CONTAINER,
      storage: { type: 's3', bucketNames: { chunks: s.logsBucket, ruler: s.logsBucket, admin: s.logsBucket }, s3: { region: s.region } },
      schemaConfig: { configs: [{ from: '2024-04-01', store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'index_', period: '24h' } }] },
      limits_config: { retention_period: `${s.retentionDays * 24}h`, allow_structured_metadata: true },
      compactor: { retention_enabled: true, delete_request_store: 's3' },
    },
    singleBinary: { replicas: 1 },
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    gateway: { podSecurityContext: RESTRICTED_POD, containerSecurityContext: RESTRICTED_CONTAINER },
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    monitoring: { serviceMonitor: { enabled: true } },
  };
}

/** The telemetry storage of an environment, from the naming rules the stack creates the buckets with. */
export function telemetryStorageOf(env: Environment): TelemetryStorage {
  return {
    region: env.aws.region,
    tracesBucket: telemetryBucketName(env.name, env.aws.accountId, 'traces'),
    logsBucket: telemetryBucketName(env.name, env.aws.accountId, 'logs'),
    retentionDays: env.platform.telemetryRetentionDays,
  };
}
