import { terraformWorkspaceName } from './naming';
import { PolicyEnforcement } from './platform';
import { shared } from './shared';
import type { EnvironmentConfig } from './types';

/** Staging: production-shaped, smaller. */
export const staging: EnvironmentConfig = {
  name: 'staging',
  tier: 'non-production',
  aws: {
    accountId: '333333333333',
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  },
  network: { vpcCidr: '10.20.0.0/16', natGateways: 'single', flowLogRetentionDays: 90 },
  cluster: {
    name: 'platform-staging',
    kubernetesVersion: '1.33',
    publicAccessCidrs: [],
    logRetentionDays: 90,
    adminRoleArns: ['arn:aws:iam::333333333333:role/platform-admin'],
    addons: { vpcCni: 'v1.19.6-eksbuild.1', coredns: 'v1.12.1-eksbuild.2', kubeProxy: 'v1.33.0-eksbuild.2', ebsCsiDriver: 'v1.44.0-eksbuild.1', metricsServer: 'v0.8.0-eksbuild.1' },
    nodeGroups: [{
      name: 'general',
      instanceTypes: ['m6i.large'],
      capacityType: 'ON_DEMAND',
      amiType: 'AL2023_x86_64_STANDARD',
      minSize: 2,
      maxSize: 6,
      desiredSize: 3,
      diskSizeGiB: 50,
      maxUnavailablePercentage: 33,
      labels: { 'platform.acme.io/pool': 'general' },
    }],
  },
  dns: { domain: 'staging.shop.example.com' },
  terraformCloud: { organization: shared.terraformCloud.organization, workspace: terraformWorkspaceName('staging') },
  backup: { expireAfterDays: 30, noncurrentVersionExpireAfterDays: 14 },
  platform: {
    policyEnforcement: PolicyEnforcement.ENFORCE,
    metricsRetention: '7d',
    backupSchedule: '0 3 * * *',
    backupTtl: '168h0m0s',
    argocdHighAvailability: false,
    argocdSyncGroup: 'platform-team',
    telemetryRetentionDays: 14,
  },
  services: {
    web: {
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      autoscaling: { minReplicas: 2, maxReplicas: 4 },
      strategy: { type: 'canary', steps: [{ weight: 25, pauseSeconds: 60 }, { weight: 50, pauseSeconds: 60 }] },
      spreadAcrossZones: true,
      verticalPodAutoscaler: true,
      host: 'www.staging.shop.example.com',
    },
    api: {
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      strategy: { type: 'blueGreen', autoPromote: true },
      spreadAcrossZones: true,
      verticalPodAutoscaler: true,
    },
    worker: {
      replicas: 2,
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      spreadAcrossZones: true,
      verticalPodAutoscaler: true,
      externalCidrs: { 'orders-db': '172.20.20.0/24' },
    },
  },
};
