import type { PolicyStatement } from '../constructs/aws/encryption-key';
import { PLATFORM_ADDONS, secretNamePrefix } from '../environments/naming';

/** What the add-on policies are scoped to: values of one environment and references of its stack. */
export interface AddonPolicyScope {
  /** Environment name. */
  readonly environment: string;
  /** Account of the environment. */
  readonly accountId: string;
  /** Region of the environment. */
  readonly region: string;
  /** EKS cluster name. */
  readonly clusterName: string;
  /** ARN of Velero's backup bucket. */
  readonly backupBucketArn: string;
  /** ARN of the key that encrypts the backup bucket. */
  readonly backupKeyArn: string;
  /** ARN of the environment's Route 53 hosted zone. */
  readonly hostedZoneArn: string;
  /** Tempo's traces bucket and the key that encrypts it. */
  readonly traces: { readonly bucketArn: string; readonly keyArn: string };
  /** Loki's logs bucket and the key that encrypts it. */
  readonly logs: { readonly bucketArn: string; readonly keyArn: string };
}

/** Read and write one bucket's objects with its key: what Tempo and Loki need of their storage. */
function bucketReadWrite(bucket: { readonly bucketArn: string; readonly keyArn: string }): PolicyStatement[] {
  return [
    {
      Sid: 'Objects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: `${bucket.bucketArn}/*`,
    },
    { Sid: 'Bucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: bucket.bucketArn },
    { Sid: 'Key', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], Resource: bucket.keyArn },
  ];
}

/** The add-ons of {@link PLATFORM_ADDONS}. */
export type PlatformAddon = keyof typeof PLATFORM_ADDONS;

/**
 * The least-privilege inline policy of each platform add-on's IRSA role. Mutating actions are
 * bound to this environment's resources: its secrets, its bucket, its hosted zone, volumes and
 * load balancers tagged for its cluster, and its own node groups' Auto Scaling groups.
 */
export function addonPolicies(s: AddonPolicyScope): Record<PlatformAddon, PolicyStatement[]> {
  const clusterTag = `kubernetes.io/cluster/${s.clusterName}`;
  return {
    tempo: bucketReadWrite(s.traces),
    loki: bucketReadWrite(s.logs),
    externalSecrets: [{
      Sid: 'ReadEnvironmentSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
      Resource: `arn:aws:secretsmanager:${s.region}:${s.accountId}:secret:${secretNamePrefix(s.environment)}*`,
    }],

    velero: [
      {
        Sid: 'Snapshots',
        Effect: 'Allow',
        Action: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots', 'ec2:CreateVolume', 'ec2:CreateSnapshot', 'ec2:DeleteSnapshot', 'ec2:CreateTags'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': s.region } },
      },
      {
        Sid: 'BackupObjects',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: `${s.backupBucketArn}/*`,
      },
      { Sid: 'BackupBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: s.backupBucketArn },
      {
        Sid: 'BackupKey',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        Resource: s.backupKeyArn,
      },
    ],

    ebsCsiDriver: [
      {
        Sid: 'Describe',
        Effect: 'Allow',
        Action: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeInstances', 'ec2:DescribeSnapshots', 'ec2:DescribeTags',
          'ec2:DescribeVolumes', 'ec2:DescribeVolumesModifications'],
        Resource: '*',
      },
      {
        Sid: 'CreateTaggedVolumes',
        Effect: 'Allow',
        Action: ['ec2:CreateVolume', 'ec2:CreateSnapshot'],
        Resource: '*',
        Condition: { StringLike: { 'aws:RequestTag/ebs.csi.aws.com/cluster': 'true' } },
      },
      {
        Sid: 'TagOnCreate',
        Effect: 'Allow',
        Action: ['ec2:CreateTags'],
        Resource: [`arn:aws:ec2:${s.region}:*:volume/*`, `arn:aws:ec2:${s.region}:*:snapshot/*`],
        Condition: { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot'] } },
      },
      {
        Sid: 'ManageOwnVolumes',
        Effect: 'Allow',
        Action: ['ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:ModifyVolume', 'ec2:DeleteVolume', 'ec2:DeleteSnapshot'],
        Resource: '*',
        Condition: { StringLike: { 'ec2:ResourceTag/ebs.csi.aws.com/cluster': 'true' } },
      },
      {
        Sid: 'AttachToNodes',
        Effect: 'Allow',
        Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
        Resource: `arn:aws:ec2:${s.region}:${s.accountId}:instance/*`,
        Condition: { StringEquals: { 'aws:ResourceTag/eks:cluster-name': s.clusterName } },
      },
    ],

    loadBalancerController: [
      {
        Sid: 'ServiceLinkedRole',
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole'],
        Resource: '*',
        Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
      },
      {
        Sid: 'Describe',
        Effect: 'Allow',
        Action: ['ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones', 'ec2:DescribeInternetGateways',
          'ec2:DescribeVpcs', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
          'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags', 'ec2:DescribeCoipPools',
          'ec2:GetCoipPoolUsage', 'ec2:DescribeRouteTables', 'ec2:GetSecurityGroupsForVpc',
          'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes',
          'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeListenerAttributes',
          'elasticloadbalancing:DescribeListenerCertificates', 'elasticloadbalancing:DescribeSSLPolicies',
          'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetGroupAttributes', 'elasticloadbalancing:DescribeTargetHealth',
          'elasticloadbalancing:DescribeTags', 'elasticloadbalancing:DescribeTrustStores',
          'acm:ListCertificates', 'acm:DescribeCertificate', 'wafv2:GetWebACL', 'wafv2:GetWebACLForResource',
          'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL', 'shield:GetSubscriptionState'],
        Resource: '*',
      },
      {
        Sid: 'CreateTaggedSecurityGroups',
        Effect: 'Allow',
        Action: ['ec2:CreateSecurityGroup'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestTag/elbv2.k8s.aws/cluster': s.clusterName } },
      },
      {
        Sid: 'TagSecurityGroupsOnCreate',
        Effect: 'Allow',
        Action: ['ec2:CreateTags'],
        Resource: `arn:aws:ec2:${s.region}:${s.accountId}:security-group/*`,
        Condition: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } },
      },
      {
        Sid: 'ManageOwnSecurityGroups',
        Effect: 'Allow',
        Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup',
          'ec2:CreateTags', 'ec2:DeleteTags'],
        Resource: `arn:aws:ec2:${s.region}:${s.accountId}:security-group/*`,
        Condition: { StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': s.clusterName } },
      },
      {
        Sid: 'OpenNodeSecurityGroups',
        Effect: 'Allow',
        Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
        Resource: `arn:aws:ec2:${s.region}:${s.accountId}:security-group/*`,
        Condition: { StringEquals: { [`aws:ResourceTag/${clusterTag}`]: 'owned' } },
      },
      {
        Sid: 'CreateTaggedLoadBalancers',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestTag/elbv2.k8s.aws/cluster': s.clusterName } },
      },
      {
        Sid: 'TagLoadBalancersOnCreate',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:AddTags'],
        Resource: [`arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:targetgroup/*/*`,
          `arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:loadbalancer/net/*/*`,
          `arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:loadbalancer/app/*/*`],
        Condition: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateLoadBalancer'] } },
      },
      {
        Sid: 'ManageOwnLoadBalancers',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType',
          'elasticloadbalancing:SetSecurityGroups', 'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:DeleteLoadBalancer',
          'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes',
          'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyListenerAttributes',
          'elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': s.clusterName } },
      },
      {
        Sid: 'ListenersAndRules',
        Effect: 'Allow',
        Action: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule',
          'elasticloadbalancing:DeleteRule', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyRule',
          'elasticloadbalancing:AddListenerCertificates', 'elasticloadbalancing:RemoveListenerCertificates',
          'elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        Resource: [`arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:loadbalancer/*`,
          `arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:listener/*`,
          `arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:listener-rule/*`,
          `arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:targetgroup/*/*`],
      },
    ],

    externalDns: [
      {
        Sid: 'ChangeOwnZone',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
        Resource: s.hostedZoneArn,
      },
      { Sid: 'ListZones', Effect: 'Allow', Action: ['route53:ListHostedZones', 'route53:GetChange'], Resource: '*' },
    ],

    clusterAutoscaler: [
      {
        Sid: 'Describe',
        Effect: 'Allow',
        Action: ['autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances',
          'autoscaling:DescribeLaunchConfigurations', 'autoscaling:DescribeScalingActivities', 'autoscaling:DescribeTags',
          'ec2:DescribeImages', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplateVersions', 'ec2:GetInstanceTypesFromInstanceRequirements'],
        Resource: '*',
      },
      {
        Sid: 'ScaleOwnNodeGroups',
        Effect: 'Allow',
        Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
        Resource: '*',
        Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${s.clusterName}`]: 'owned' } },
      },
      {
        Sid: 'DescribeOwnNodeGroups',
        Effect: 'Allow',
        Action: ['eks:DescribeNodegroup'],
        Resource: `arn:aws:eks:${s.region}:${s.accountId}:nodegroup/${s.clusterName}/*`,
      },
    ],
  };
}
