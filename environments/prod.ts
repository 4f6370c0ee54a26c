import { terraformWorkspaceName } from './naming';
import { PolicyEnforcement } from './platform';
import { shared } from './shared';
import type { EnvironmentConfig } from './types';

/** Production: highly available across three zones. */
export const prod: EnvironmentConfig = {
  name: 'prod',
  tier: 'production',
  aws: {
    accountId: '444444444444',
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  },
  network: { vpcCidr: '10.30.0.0/16', natGateways: 'onePerAz', flowLogRetentionDays: 365 },
  cluster: {
    name: 'platform-prod',
    kubernetesVersion: '1.33',
    // prod's API is private: reachable only from inside the VPC
    publicAccessCidrs: [],
    logRetentionDays: 365,
    adminRoleArns: ['arn:aws:iam::444444444444:role/platform-admin', 'arn:aws:iam::444444444444:role/platform-break-glass'],
    addons: { vpcCni: 'v1.19.6-eksbuild.1', coredns: 'v1.12.1-eksbuild.2', kubeProxy: 'v1.33.0-eksbuild.2', ebsCsiDriver: 'v1.44.0-eksbuild.1', metricsServer: 'v0.8.0-eksbuild.1' },
    nodeGroups: [
      {
        name: 'system',
        instanceTypes: ['m6i.large'],
        capacityType: 'ON_DEMAND',
        amiType: 'AL2023_x86_64_STANDARD',
        minSize: 3,
        maxSize: 3,
        desiredSize: 3,
        diskSizeGiB: 50,
        maxUnavailablePercentage: 33,
        labels: { 'platform.acme.io/pool': 'system' },
        taints: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }],
      },
      {
        name: 'general',
        instanceTypes: ['m6i.xlarge'],
        capacityType: 'ON_DEMAND',
        amiType: 'AL2023_x86_64_STANDARD',
        minSize: 3,
        maxSize: 12,
        desiredSize: 3,
        diskSizeGiB: 100,
        maxUnavailablePercentage: 25,
        labels: { 'platform.acme.io/pool': 'general' },
      },
    ],
  },
  dns: { domain: 'shop.example.com' },
  terraformCloud: { organization: shared.terraformCloud.organization, workspace: terraformWorkspaceName('prod') },
  backup: { expireAfterDays: 90, noncurrentVersionExpireAfterDays: 30 },
  platform: {
    policyEnforcement: PolicyEnforcement.ENFORCE,
    metricsRetention: '15d',
    backupSchedule: '0 2 * * *',
    backupTtl: '720h0m0s',
    argocdHighAvailability: true,
    argocdSyncGroup: 'platform-team',
    telemetryRetentionDays: 30,
  },
  services: {
    web: {
      replicas: 3,
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      autoscaling: { minReplicas: 3, maxReplicas: 10, targetCpuPercent: 70 },
      disruptionBudget: { minAvailable: 2 },
      strategy: {
        type: 'canary',
        steps: [{ weight: 10, pauseSeconds: 300 }, { weight: 25, pauseSeconds: 300 }, { weight: 50, pauseSeconds: 600 }],
      },
      spreadAcrossZones: true,
      verticalPodAutoscaler: true,
      host: 'www.shop.example.com',
    },
    api: {
      replicas: 3,
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      autoscaling: { minReplicas: 3, maxReplicas: 8 },
      disruptionBudget: { minAvailable: 2 },
      // a person promotes the new version after checking the preview
      strategy: { type: 'blueGreen', autoPromote: false },
      spreadAcrossZones: true,
      verticalPodAutoscaler: true,
    },
    worker: {
      replicas: 3,
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      disruptionBudget: { maxUnavailable: 1 },
      spreadAcrossZones: true,
      verticalPodAutoscaler: true,
      externalCidrs: { 'orders-db': '172.20.30.0/24' },
    },
  },
};
