import { PROJECT, terraformWorkspaceName } from './naming';
import type { SharedConfig } from './types';

/** Values every environment shares: the project name, the registry, Terraform Cloud. */
export const shared: SharedConfig = {
  project: PROJECT,
  registry: { accountId: '111111111111', region: 'us-west-2' },
  terraformCloud: { organization: 'acme-platform', workspace: terraformWorkspaceName('shared') },
};
