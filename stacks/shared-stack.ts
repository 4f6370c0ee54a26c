import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { defaultTags } from './environment-stack';
import { CloudBackend, NamedCloudWorkspace, TerraformStack } from '../constructs/aws/cdktf';
import { EncryptionKey } from '../constructs/aws/encryption-key';
import { ServiceRepository } from '../constructs/aws/service-repository';
import type { Platform } from '../environments/load';
import { ecrRepositoryName } from '../environments/naming';

/** The stack name of the shared registry. */
export const SHARED_STACK = 'shared';

/** Props of a {@link SharedStack}. */
export interface SharedStackProps {
  /** The platform: shared values, the catalog and the environments whose accounts pull. */
  readonly platform: Platform;
}

/**
 * What every environment shares, built once (`dist/terraform/stacks/shared`), applied first: the
 * ECR registry, one repository per catalog service, from which each environment's account pulls.
 * Images are built once and promoted by tag, never rebuilt.
 */
export class SharedStack extends TerraformStack {
  /** Repositories by service name. */
  public readonly repositories: Record<string, ServiceRepository> = {};

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    super(scope, id);
    const { shared, catalog, environments } = props.platform;
    new CloudBackend(this, {
      organization: shared.terraformCloud.organization,
      workspaces: new NamedCloudWorkspace(shared.terraformCloud.workspace),
    });
    new AwsProvider(this, 'aws', {
      region: shared.registry.region,
      allowedAccountIds: [shared.registry.accountId],
      defaultTags: [{ tags: defaultTags(SHARED_STACK, shared.project) }],
    });

    const key = new EncryptionKey(this, 'registry-key', {
      alias: `ecr/${shared.project}`,
      description: `Encrypts the images of the ${shared.project} registry`,
      accountId: shared.registry.accountId,
    });
    const pullAccountIds = [...new Set(environments.map((e) => e.aws.accountId))].sort();
    for (const service of catalog) {
      this.repositories[service.name] = new ServiceRepository(this, `repository-${service.name}`, {
        name: ecrRepositoryName(service.name),
        kmsKeyArn: key.arn,
        pullAccountIds,
      });
    }
  }
}
