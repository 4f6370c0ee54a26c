import { terraformWorkspaceName } from './naming';
import { shared } from './shared';
import type { EnvironmentConfig } from './types';

/** Development: small and cheap. */
export const dev: EnvironmentConfig = {
  name: 'dev',
  aws: {
    accountId: '222222222222',
    region: 'us-west-2',
    availabilityZones: ['us-west-2a', 'us-west-2b'],
  },
  network: { vpcCidr: '10.10.0.0/16' },
  cluster: { name: 'platform-dev', kubernetesVersion: '1.33' },
  dns: { domain: 'dev.shop.example.com' },
  terraformCloud: { organization: shared.terraformCloud.organization, workspace: terraformWorkspaceName('dev') },
  services: {
    web: {
      replicas: 1,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    },
  },
};
