import { terraformWorkspaceName } from './naming';
import { shared } from './shared';
import type { EnvironmentConfig } from './types';

/** Staging: production-shaped, smaller. */
export const staging: EnvironmentConfig = {
  name: 'staging',
  aws: {
    accountId: '333333333333',
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  },
  network: { vpcCidr: '10.20.0.0/16' },
  cluster: { name: 'platform-staging', kubernetesVersion: '1.33' },
  dns: { domain: 'staging.shop.example.com' },
  terraformCloud: { organization: shared.terraformCloud.organization, workspace: terraformWorkspaceName('staging') },
  services: {
    web: {
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    },
  },
};
