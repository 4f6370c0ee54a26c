import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { addonPolicies } from './addon-policies';
import { BackupBucket } from '../constructs/aws/backup-bucket';
import { CloudBackend, NamedCloudWorkspace, TerraformOutput, TerraformStack } from '../constructs/aws/cdktf';
import { Cluster } from '../constructs/aws/cluster';
import { ClusterAddons } from '../constructs/aws/cluster-addons';
import type { PolicyStatement } from '../constructs/aws/encryption-key';
import { IrsaRole } from '../constructs/aws/irsa-role';
import { Network } from '../constructs/aws/network';
import { NodeGroup } from '../constructs/aws/node-group';
import { PublicCertificate } from '../constructs/aws/public-certificate';
import { terraformLiteral, terraformLiterals } from '../constructs/aws/terraform-literal';
import { fillPlaceholders } from '../environments/iam';
import {
  backupBucketName, endpointSubnetPlan, IRSA_ROLE_PATH, irsaRoleName, PLATFORM_ADDONS, privateSubnetPlan, publicSubnetPlan,
  SERVICE_IPV4_CIDR, serviceAccountName, telemetryBucketName, type TelemetrySignal, vpcEndpointsFor,
} from '../environments/naming';
import type { AwsPolicyStatement, Environment, SharedConfig } from '../environments/types';

/** Props of an {@link EnvironmentStack}. */
export interface EnvironmentStackProps {
  /** The environment this stack provisions. */
  readonly environment: Environment;
  /** Shared values (project name). */
  readonly shared: SharedConfig;
}

/** Default tags of every resource of a stack. */
export function defaultTags(environment: string, project: string): Record<string, string> {
  return { 'environment': environment, 'project': project, 'managed-by': 'cdktf' };
}

/**
 * A service's declared permissions, with `{account}`, `{region}` and `{env}` filled in. Every
 * string is a Terraform literal: config values never become expressions.
 */
export function servicePolicy(env: Environment, statements: readonly AwsPolicyStatement[]): PolicyStatement[] {
  const placeholders = { account: env.aws.accountId, region: env.aws.region, env: env.name };
  return statements.map((st, i) => ({
    ...(st.justification !== undefined ? { Sid: `Justified${i}` } : {}),
    Effect: 'Allow',
    Action: st.actions.map(terraformLiteral),
    Resource: st.resources.map((r) => terraformLiteral(fillPlaceholders(r, placeholders))),
  }));
}

/** Why statements of a service need sensitive actions, as role tags (`justification/Justified<i>`) reviewers see in the diff. */
export function justificationTags(statements: readonly AwsPolicyStatement[]): Record<string, string> {
  return Object.fromEntries(statements.flatMap((st, i) =>
    (st.justification !== undefined ? [[`justification/Justified${i}`, terraformLiteral(st.justification)]] : [])));
}

/**
 * Everything one environment runs in AWS, as one self-contained Terraform stack
 * (`dist/terraform/stacks/<env>`), run by the environment's Terraform Cloud workspace: the
 * network, the EKS cluster with its node groups and add-ons, the IRSA roles of the platform
 * add-ons and of the services that declare AWS permissions, the hosted zone with the edge's ACM
 * certificate, and Velero's bucket.
 */
export class EnvironmentStack extends TerraformStack {
  /** The network. */
  public readonly network: Network;
  /** The cluster. */
  public readonly cluster: Cluster;
  /** IRSA roles by `<namespace>/<serviceAccount>`. */
  public readonly irsaRoles: Record<string, IrsaRole> = {};

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;
    const { accountId, region } = env.aws;

    new CloudBackend(this, {
      organization: env.terraformCloud.organization,
      workspaces: new NamedCloudWorkspace(env.terraformCloud.workspace),
    });
    new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: [accountId],
      defaultTags: [{ tags: defaultTags(env.name, props.shared.project) }],
    });

    this.network = new Network(this, 'network', {
      name: env.cluster.name,
      vpcCidr: env.network.vpcCidr,
      accountId,
      region,
      privateSubnets: privateSubnetPlan(env),
      publicSubnets: publicSubnetPlan(env),
      endpointSubnets: endpointSubnetPlan(env),
      vpcEndpoints: vpcEndpointsFor(env.services),
      natGateways: env.network.natGateways ?? 'single',
      flowLogRetentionInDays: env.network.flowLogRetentionDays ?? 365,
      clusterName: env.cluster.name,
    });
    const privateSubnetIds = this.network.privateSubnets.map((s) => s.id);

    this.cluster = new Cluster(this, 'cluster', {
      name: env.cluster.name,
      kubernetesVersion: env.cluster.kubernetesVersion,
      accountId,
      region,
      subnetIds: privateSubnetIds,
      publicAccessCidrs: env.cluster.publicAccessCidrs,
      logRetentionInDays: env.cluster.logRetentionDays,
      adminRoleArns: env.cluster.adminRoleArns,
      serviceIpv4Cidr: SERVICE_IPV4_CIDR,
    });

    const zone = new Route53Zone(this, 'zone', { name: env.dns.domain, comment: `public names of ${env.name}` });
    // the edge's TLS: every public host is the domain or one label under it (validated), so this covers them all
    const certificate = new PublicCertificate(this, 'certificate', { domain: env.dns.domain, zoneId: zone.zoneId });
    const backup = new BackupBucket(this, 'backup', {
      name: backupBucketName(env.name, accountId),
      accountId,
      expireAfterDays: env.backup.expireAfterDays,
      noncurrentVersionExpireAfterDays: env.backup.noncurrentVersionExpireAfterDays,
    });

    // Tempo's traces and Loki's logs: expiring telemetry; logs unversioned (nothing to recover)
    const retention = env.platform.telemetryRetentionDays;
    const telemetry = (signal: TelemetrySignal, versioned: boolean) => new BackupBucket(this, signal, {
      name: telemetryBucketName(env.name, accountId, signal),
      accountId,
      versioning: versioned,
      unversionedReason: versioned ? undefined : `${signal} expire after ${retention} days`,
      expireAfterDays: retention,
      noncurrentVersionExpireAfterDays: 1,
    });
    const traces = telemetry('traces', true);
    const logs = telemetry('logs', false);

    const irsa = (namespace: string, serviceAccount: string, statements: PolicyStatement[], tags?: Record<string, string>) => {
      const role = new IrsaRole(this, `irsa-${namespace}-${serviceAccount}`, {
        name: irsaRoleName(env.name, namespace, serviceAccount),
        path: IRSA_ROLE_PATH,
        oidcProviderArn: this.cluster.oidcProvider.arn,
        oidcIssuerHostPath: this.cluster.oidcIssuerHostPath,
        namespace,
        serviceAccount,
        statements,
        tags,
      });
      this.irsaRoles[`${namespace}/${serviceAccount}`] = role;
      return role;
    };
    const policies = addonPolicies({
      environment: env.name,
      accountId,
      region,
      clusterName: env.cluster.name,
      backupBucketArn: backup.bucket.arn,
      backupKeyArn: backup.key.arn,
      hostedZoneArn: zone.arn,
      traces: { bucketArn: traces.bucket.arn, keyArn: traces.key.arn },
      logs: { bucketArn: logs.bucket.arn, keyArn: logs.key.arn },
    });
    const addonRoles = Object.fromEntries(Object.entries(PLATFORM_ADDONS).map(([addon, sa]) =>
      [addon, irsa(sa.namespace, sa.serviceAccount, policies[addon as keyof typeof PLATFORM_ADDONS])]));
    for (const service of env.services) {
      if (service.awsPermissions && service.awsPermissions.length > 0) {
        const statements = servicePolicy(env, service.awsPermissions);
        irsa(service.namespace, serviceAccountName(service.name), statements, justificationTags(service.awsPermissions));
      }
    }

    const addons = new ClusterAddons(this, 'addons', {
      clusterName: this.cluster.clusterName,
      versions: env.cluster.addons,
      ebsCsiDriverRoleArn: addonRoles.ebsCsiDriver.role.arn,
      vpcCni: { enableNetworkPolicy: env.cluster.vpcCni?.enableNetworkPolicy ?? true },
    });
    const nodeGroups = env.cluster.nodeGroups.map((g) => new NodeGroup(this, `nodes-${g.name}`, {
      clusterName: this.cluster.clusterName,
      name: g.name,
      resourcePrefix: env.cluster.name,
      subnetIds: privateSubnetIds,
      instanceTypes: g.instanceTypes,
      amiType: g.amiType,
      capacityType: g.capacityType,
      minSize: g.minSize,
      maxSize: g.maxSize,
      desiredSize: g.desiredSize,
      diskSizeGiB: g.diskSizeGiB,
      maxUnavailablePercentage: g.maxUnavailablePercentage,
      labels: terraformLiterals(g.labels),
      taints: terraformLiterals(g.taints),
      waitFor: addons.nodePrerequisites,
    }));
    addons.runOn(nodeGroups.map((g) => g.nodeGroup));

    new TerraformOutput(this, 'cluster_name', { value: this.cluster.clusterName });
    new TerraformOutput(this, 'oidc_provider_arn', { value: this.cluster.oidcProvider.arn });
    new TerraformOutput(this, 'backup_bucket', { value: backup.bucket.bucket });
    new TerraformOutput(this, 'certificate_arn', {
      value: certificate.validation.certificateArn,
      description: 'the issued certificate the ALB serves (found by host; for reference only)',
    });
    new TerraformOutput(this, 'zone_name_servers', {
      value: zone.nameServers,
      description: 'delegate the environment domain to these from the parent zone',
    });
  }
}
