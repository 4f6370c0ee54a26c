import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';
import type { ITerraformDependable } from './cdktf';
import { policyDocument } from './encryption-key';

/** Managed policies every EKS node needs (kubelet, image pulls, the VPC CNI plugin). */
export const NODE_MANAGED_POLICIES = [
  'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
  'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
] as const;

/** A taint, as EKS spells it. */
export interface NodeGroupTaint {
  /** Key. */
  readonly key: string;
  /** Value. */
  readonly value?: string;
  /** `NO_SCHEDULE`, `NO_EXECUTE` or `PREFER_NO_SCHEDULE`. */
  readonly effect: string;
}

/** Props of a {@link NodeGroup}. */
export interface NodeGroupProps {
  /** The cluster's name (pass the cluster's `name` attribute, so the group waits for it). */
  readonly clusterName: string;
  /** Node group name, unique in the cluster. */
  readonly name: string;
  /** Name prefix of the group's IAM role and launch template, e.g. the cluster name. */
  readonly resourcePrefix: string;
  /** Private subnets the nodes run in. */
  readonly subnetIds: readonly string[];
  /** EC2 instance types. */
  readonly instanceTypes: readonly string[];
  /** EKS AMI type, e.g. `AL2023_x86_64_STANDARD`. */
  readonly amiType: string;
  /**
   * `ON_DEMAND` or `SPOT`.
   * @default 'ON_DEMAND'
   */
  readonly capacityType?: 'ON_DEMAND' | 'SPOT';
  /** Smallest number of nodes. */
  readonly minSize: number;
  /** Largest number of nodes. */
  readonly maxSize: number;
  /** Nodes at creation; later changes by cluster-autoscaler are not reverted. */
  readonly desiredSize: number;
  /**
   * Root volume size in GiB.
   * @default 50
   */
  readonly diskSizeGiB?: number;
  /**
   * Percentage of nodes replaced at once during an update.
   * @default 33
   */
  readonly maxUnavailablePercentage?: number;
  /**
   * Kubernetes labels on every node.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Taints on every node.
   * @default - none
   */
  readonly taints?: readonly NodeGroupTaint[];
  /**
   * Require IMDSv2 session tokens for the instance metadata service.
   * @default true
   */
  readonly requireImdsv2?: boolean;
  /**
   * Hops the metadata response may travel. 1 keeps it on the node, so pods cannot borrow the
   * node's role and must use IRSA.
   * @default 1
   */
  readonly metadataHopLimit?: number;
  /**
   * What the group waits for besides its role, e.g. the vpc-cni and kube-proxy add-ons that nodes
   * need to become ready.
   * @default - nothing
   */
  readonly waitFor?: readonly ITerraformDependable[];
}

/**
 * An EKS managed node group in private subnets, on a launch template that requires IMDSv2 with a
 * hop limit of 1 and an encrypted gp3 root volume. No SSH key, no remote access.
 */
export class NodeGroup extends Construct {
  /** The node group. */
  public readonly nodeGroup: EksNodeGroup;
  /** The launch template. */
  public readonly launchTemplate: LaunchTemplate;
  /** The nodes' IAM role. */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: NodeGroupProps) {
    super(scope, id);
    const fullName = `${props.resourcePrefix}-${props.name}`;
    this.role = new IamRole(this, 'role', {
      name: `${fullName}-node`,
      assumeRolePolicy: policyDocument([{
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }]),
    });
    const attachments = NODE_MANAGED_POLICIES.map((arn) => new IamRolePolicyAttachment(this, arn.split('/').pop()!, {
      role: this.role.name,
      policyArn: arn,
    }));

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: fullName,
      description: `Nodes of ${fullName}: IMDSv2 only, encrypted gp3 root volume, no SSH`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: (props.requireImdsv2 ?? true) ? 'required' : 'optional',
        httpPutResponseHopLimit: props.metadataHopLimit ?? 1,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [{
        deviceName: '/dev/xvda',
        ebs: {
          volumeSize: props.diskSizeGiB ?? 50,
          volumeType: 'gp3',
          encrypted: 'true',
          deleteOnTermination: 'true',
        },
      }],
      tagSpecifications: [
        { resourceType: 'instance', tags: { Name: fullName } },
        { resourceType: 'volume', tags: { Name: fullName } },
      ],
    });

    this.nodeGroup = new EksNodeGroup(this, 'group', {
      clusterName: props.clusterName,
      nodeGroupName: props.name,
      nodeRoleArn: this.role.arn,
      subnetIds: [...props.subnetIds],
      amiType: props.amiType,
      capacityType: props.capacityType ?? 'ON_DEMAND',
      instanceTypes: [...props.instanceTypes],
      scalingConfig: { minSize: props.minSize, maxSize: props.maxSize, desiredSize: props.desiredSize },
      updateConfig: { maxUnavailablePercentage: props.maxUnavailablePercentage ?? 33 },
      labels: { ...props.labels },
      taint: (props.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      launchTemplate: { id: this.launchTemplate.id, version: `${this.launchTemplate.latestVersion}` },
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      tags: { Name: fullName },
      dependsOn: [...attachments, ...(props.waitFor ?? [])],
    });
  }
}
