import { terraformWorkspaceName } from './naming';
import { PolicyEnforcement } from './platform';
import { shared } from './shared';
import type { EnvironmentConfig } from './types';

/** Development: small and cheap; Kyverno audits only and certificates come from Let's Encrypt's staging CA. */
export const dev: EnvironmentConfig = {
  name: 'dev',
  tier: 'non-production',
  aws: {
    accountId: '222222222222',
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b'],
  },
  network: { vpcCidr: '10.10.0.0/16', natGateways: 'single', flowLogRetentionDays: 30 },
  cluster: {
    name: 'platform-dev',
    kubernetesVersion: '1.33',
    // the office egress range (TEST-NET-3 here); never 0.0.0.0/0
    publicAccessCidrs: ['203.0.113.0/24'],
    logRetentionDays: 30,
    adminRoleArns: ['arn:aws:iam::222222222222:role/platform-admin'],
    addons: { vpcCni: 'v1.19.6-eksbuild.1', coredns: 'v1.12.1-eksbuild.2', kubeProxy: 'v1.33.0-eksbuild.2', ebsCsiDriver: 'v1.44.0-eksbuild.1', metricsServer: 'v0.8.0-eksbuild.1' },
    nodeGroups: [{
      name: 'general',
      instanceTypes: ['t3.large', 't3a.large'],
      capacityType: 'SPOT',
      amiType: 'AL2023_x86_64_STANDARD',
      minSize: 1,
      maxSize: 4,
      desiredSize: 2,
      diskSizeGiB: 50,
      maxUnavailablePercentage: 50,
      labels: { 'platform.acme.io/pool': 'general' },
    }],
  },
  dns: { domain: 'dev.shop.example.com' },
  terraformCloud: { organization: shared.terraformCloud.organization, workspace: terraformWorkspaceName('dev') },
  backup: { expireAfterDays: 30, noncurrentVersionExpireAfterDays: 7 },
  platform: {
    policyEnforcement: PolicyEnforcement.AUDIT,
    metricsRetention: '3d',
    backupSchedule: '0 3 * * *',
    backupTtl: '72h0m0s',
    argocdHighAvailability: false,
    argocdSyncGroup: 'platform-team',
    telemetryRetentionDays: 7,
  },
  services: {
    web: {
      replicas: 1,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      host: 'www.dev.shop.example.com',
      configOverrides: { LOG_LEVEL: 'debug' },
      // one replica that restarts on every deploy: a looser objective keeps its alerts meaningful
      sloOverrides: { availability: { target: 99 } },
    },
    api: {
      replicas: 1,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      configOverrides: { LOG_LEVEL: 'debug' },
    },
    worker: {
      replicas: 1,
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
      // the orders database subnet in the shared data VPC (outside the cluster)
      externalCidrs: { 'orders-db': '172.20.10.0/24' },
    },
  },
};
