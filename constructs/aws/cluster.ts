import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { Fn } from './cdktf';
import { EncryptedLogGroup } from './encrypted-log-group';
import { EncryptionKey, policyDocument } from './encryption-key';

/** The five EKS control-plane log types. */
export const ALL_CLUSTER_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
/** The EKS access policy that grants cluster-admin. */
export const CLUSTER_ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

/** Props of a {@link Cluster}. */
export interface ClusterProps {
  /** Cluster name. */
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.33`. */
  readonly kubernetesVersion: string;
  /** Account of the cluster (key policies, log group ARN). */
  readonly accountId: string;
  /** Region of the cluster. */
  readonly region: string;
  /** Subnets of the control plane's network interfaces: the private subnets. */
  readonly subnetIds: readonly string[];
  /**
   * CIDRs that may reach the public API endpoint. Empty turns the public endpoint off, so the API
   * is reachable only from inside the VPC. `0.0.0.0/0` is refused.
   * @default [] - public endpoint off
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Control-plane log types shipped to CloudWatch.
   * @default - all five: api, audit, authenticator, controllerManager, scheduler
   */
  readonly enabledLogTypes?: readonly string[];
  /**
   * Days the control-plane logs are kept.
   * @default 365
   */
  readonly logRetentionInDays?: number;
  /**
   * IAM roles granted cluster-admin through access entries.
   * @default [] - nobody (the creator gets no implicit admin either)
   */
  readonly adminRoleArns?: readonly string[];
}

/**
 * An EKS cluster: Kubernetes secrets envelope-encrypted with a rotating customer key, all
 * control-plane logs in a KMS-encrypted log group, private API endpoint, access entries instead of
 * the aws-auth ConfigMap, and the OIDC provider that IRSA roles trust.
 */
export class Cluster extends Construct {
  /** The cluster. */
  public readonly cluster: EksCluster;
  /** The key that encrypts Kubernetes secrets. */
  public readonly secretsKey: EncryptionKey;
  /** The control-plane log group. */
  public readonly logGroup: EncryptedLogGroup;
  /** The IAM OIDC provider of the cluster's service-account issuer. */
  public readonly oidcProvider: IamOpenidConnectProvider;
  /** The issuer without `https://`: the prefix of the `:sub` and `:aud` condition keys. */
  public readonly oidcIssuerHostPath: string;
  /** The cluster's name (a reference, so that dependents wait for the cluster). */
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const cidrs = props.publicAccessCidrs ?? [];
    if (cidrs.some((c) => c.endsWith('/0'))) {
      throw new Error(`Cluster ${props.name}: publicAccessCidrs must not open the API to the whole internet (${cidrs.join(', ')})`);
    }

    const role = new IamRole(this, 'role', {
      name: `${props.name}-cluster`,
      assumeRolePolicy: policyDocument([{
        Effect: 'Allow',
        Principal: { Service: 'eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      }]),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
    });

    this.secretsKey = new EncryptionKey(this, 'secrets-key', {
      alias: `eks/${props.name}/secrets`,
      description: `Envelope encryption of the Kubernetes secrets of EKS cluster ${props.name}`,
      accountId: props.accountId,
    });
    // what EKS envelope encryption calls on the key
    const keyPolicy = this.secretsKey.grant(role, ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
      { id: 'secrets-key-use', policyName: 'encrypt-secrets' });

    this.logGroup = new EncryptedLogGroup(this, 'logs', {
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionInDays ?? 365,
      accountId: props.accountId,
      region: props.region,
    });

    this.cluster = new EksCluster(this, 'cluster', {
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: cidrs.length > 0,
        ...(cidrs.length > 0 ? { publicAccessCidrs: [...cidrs] } : {}),
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.arn } },
      enabledClusterLogTypes: [...(props.enabledLogTypes ?? ALL_CLUSTER_LOG_TYPES)],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      bootstrapSelfManagedAddons: false,
      dependsOn: [clusterPolicy, keyPolicy, this.logGroup.logGroup],
    });
    this.clusterName = this.cluster.name;

    const issuer = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc', {
      url: issuer,
      clientIdList: ['sts.amazonaws.com'],
      tags: { Name: `${props.name}-irsa` },
    });
    this.oidcIssuerHostPath = Fn.replace(this.oidcProvider.url, 'https://', '');

    (props.adminRoleArns ?? []).forEach((arn, i) => {
      const entry = new EksAccessEntry(this, `admin-${i}`, {
        clusterName: this.cluster.name,
        principalArn: arn,
        type: 'STANDARD',
      });
      new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: CLUSTER_ADMIN_POLICY,
        accessScope: { type: 'cluster' },
      });
    });
  }
}
