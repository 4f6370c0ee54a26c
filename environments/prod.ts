import { terraformWorkspaceName } from './naming';
import { shared } from './shared';
import type { EnvironmentConfig } from './types';

/** Production: highly available across three zones. */
export const prod: EnvironmentConfig = {
  name: 'prod',
  aws: {
    accountId: '444444444444',
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b', 'us-west-2c'],
  },
  network: { vpcCidr: '10.30.0.0/16' },
  cluster: { name: 'platform-prod', kubernetesVersion: '1.33' },
  dns: { domain: 'shop.example.com' },
  terraformCloud: { organization: shared.terraformCloud.organization, workspace: terraformWorkspaceName('prod') },
  services: {
    web: {
      replicas: 3,
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    },
  },
};
