import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { CloudBackend, NamedCloudWorkspace, TerraformStack } from '../../constructs/aws/cdktf';
import { Network } from '../../constructs/aws/network';
import { subnet } from '../../environments/cidr';
import type { Environment, SharedConfig } from '../../environments/types';

/** Props of an {@link EnvironmentStack}. */
export interface EnvironmentStackProps {
  /** The environment this stack provisions. */
  readonly environment: Environment;
  /** Shared values (project name). */
  readonly shared: SharedConfig;
}

/** The private subnets of an environment: the first /19-sized (prefix + 3) blocks, one per AZ. */
export function privateSubnetPlan(env: Environment) {
  return env.aws.availabilityZones.map((az, i) => ({ availabilityZone: az, cidrBlock: subnet(env.network.vpcCidr, 3, i) }));
}

/**
 * Everything one environment runs in AWS, as one self-contained Terraform stack
 * (`dist/terraform/stacks/<env>`), run by the environment's Terraform Cloud workspace.
 */
export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;

    new CloudBackend(this, {
      organization: env.terraformCloud.organization,
      workspaces: new NamedCloudWorkspace(env.terraformCloud.workspace),
    });
    new AwsProvider(this, 'aws', {
      region: env.aws.region,
      allowedAccountIds: [env.aws.accountId],
      defaultTags: [{
        tags: { 'environment': env.name, 'project': props.shared.project, 'managed-by': 'cdktf' },
      }],
    });

    new Network(this, 'network', {
      name: env.cluster.name,
      vpcCidr: env.network.vpcCidr,
      privateSubnets: privateSubnetPlan(env),
      clusterName: env.cluster.name,
    });
  }
}
