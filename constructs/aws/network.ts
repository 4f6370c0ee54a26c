import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './encrypted-log-group';
import { policyDocument } from './encryption-key';

/** One subnet's zone and block. */
export interface SubnetPlan {
  /** Availability zone, e.g. `us-west-2a`. */
  readonly availabilityZone: string;
  /** IPv4 CIDR inside the VPC. */
  readonly cidrBlock: string;
}

/** A VPC endpoint to an AWS API. */
export interface VpcEndpointPlan {
  /** Service name suffix: `com.amazonaws.<region>.<service>`, e.g. `sts`, `ecr.api`. */
  readonly service: string;
  /**
   * `Interface`: ENIs with private DNS in the endpoint subnets, reachable on 443 from the VPC;
   * `Gateway` (S3, DynamoDB): a route on every private route table.
   */
  readonly type: 'Interface' | 'Gateway';
}

/** Props of a {@link Network}. */
export interface NetworkProps {
  /** Name prefix of every resource (the `Name` tag). */
  readonly name: string;
  /** IPv4 CIDR of the VPC. */
  readonly vpcCidr: string;
  /** Account of the VPC (flow-log key policy and IAM trust conditions). */
  readonly accountId: string;
  /** Region of the VPC. */
  readonly region: string;
  /** Private subnets (nodes, pods, internal load balancers), one per availability zone. */
  readonly privateSubnets: readonly SubnetPlan[];
  /**
   * Public subnets (internet-facing load balancers and NAT gateways), in the same zones and order
   * as `privateSubnets`.
   */
  readonly publicSubnets: readonly SubnetPlan[];
  /**
   * Subnets of the interface endpoints, in the same zones and order as `privateSubnets`: apart
   * from the nodes and pods, so that network rules can tell AWS APIs from everything else.
   * @default - interface endpoints go into the private subnets
   */
  readonly endpointSubnets?: readonly SubnetPlan[];
  /**
   * VPC endpoints, so that private workloads reach AWS APIs without the NAT gateways, and pods
   * under NetworkPolicies reach them at addresses inside the VPC.
   * @default - none
   */
  readonly vpcEndpoints?: readonly VpcEndpointPlan[];
  /**
   * NAT gateways: `onePerAz` (each zone's private subnet egresses through its own zone) or
   * `single` (one NAT in the first zone for every private subnet).
   * @default 'onePerAz'
   */
  readonly natGateways?: 'single' | 'onePerAz';
  /**
   * Name of the EKS cluster that uses the subnets, for the `kubernetes.io/cluster/<name>` tag.
   * @default - no cluster tag
   */
  readonly clusterName?: string;
  /**
   * Record VPC flow logs into a KMS-encrypted CloudWatch log group.
   * @default true
   */
  readonly enableFlowLogs?: boolean;
  /**
   * Traffic the flow logs record: `ALL`, `ACCEPT` or `REJECT`.
   * @default 'ALL'
   */
  readonly flowLogTrafficType?: 'ALL' | 'ACCEPT' | 'REJECT';
  /**
   * Days the flow logs are kept.
   * @default 365
   */
  readonly flowLogRetentionInDays?: number;
  /**
   * Manage the VPC's default security group with no rules, so that nothing attached to it by
   * mistake can talk to anything.
   * @default true
   */
  readonly manageDefaultSecurityGroup?: boolean;
}

/**
 * A VPC across availability zones: public subnets behind an internet gateway, private subnets
 * behind NAT gateways, VPC endpoints to AWS APIs (interface endpoints in their own subnets),
 * flow logs of all traffic, and a default security group without rules.
 * No subnet maps public IPs on launch (NAT gateways use Elastic IPs; load balancers get their own).
 */
export class Network extends Construct {
  /** The VPC. */
  public readonly vpc: Vpc;
  /** Private subnets, in the order of `privateSubnets`. */
  public readonly privateSubnets: Subnet[];
  /** Public subnets, in the order of `publicSubnets`. */
  public readonly publicSubnets: Subnet[];
  /** NAT gateways: one per zone, or one. */
  public readonly natGateways: NatGateway[];
  /** The flow-log destination, when flow logs are on. */
  public readonly flowLogGroup?: EncryptedLogGroup;
  /** Route tables of the private subnets, in their order. */
  public readonly privateRouteTables: RouteTable[];
  /** Subnets of the interface endpoints (empty when they share the private subnets). */
  public readonly endpointSubnets: Subnet[];
  /** The VPC endpoints by service name suffix. */
  public readonly vpcEndpoints: Record<string, VpcEndpoint> = {};
  /** The security group of the interface endpoints (443 from the VPC), when there is one. */
  public readonly endpointSecurityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if (props.publicSubnets.length !== props.privateSubnets.length
      || props.publicSubnets.some((s, i) => s.availabilityZone !== props.privateSubnets[i].availabilityZone)) {
      throw new Error('Network: publicSubnets and privateSubnets must list the same zones in the same order');
    }
    if (props.endpointSubnets && (props.endpointSubnets.length !== props.privateSubnets.length
      || props.endpointSubnets.some((s, i) => s.availabilityZone !== props.privateSubnets[i].availabilityZone))) {
      throw new Error('Network: endpointSubnets and privateSubnets must list the same zones in the same order');
    }
    const name = props.name;
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name },
    });

    if (props.manageDefaultSecurityGroup ?? true) {
      new DefaultSecurityGroup(this, 'default-sg', {
        vpcId: this.vpc.id,
        ingress: [],
        egress: [],
        tags: { Name: `${name}-default-deny` },
      });
    }

    const clusterTag = props.clusterName ? { [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' } : {};
    this.publicSubnets = props.publicSubnets.map((s) => new Subnet(this, `public-${s.availabilityZone}`, {
      vpcId: this.vpc.id,
      cidrBlock: s.cidrBlock,
      availabilityZone: s.availabilityZone,
      mapPublicIpOnLaunch: false,
      tags: { 'Name': `${name}-public-${s.availabilityZone}`, 'kubernetes.io/role/elb': '1', ...clusterTag },
    }));
    this.privateSubnets = props.privateSubnets.map((s) => new Subnet(this, `private-${s.availabilityZone}`, {
      vpcId: this.vpc.id,
      cidrBlock: s.cidrBlock,
      availabilityZone: s.availabilityZone,
      mapPublicIpOnLaunch: false,
      tags: { 'Name': `${name}-private-${s.availabilityZone}`, 'kubernetes.io/role/internal-elb': '1', ...clusterTag },
    }));

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: name } });
    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }],
      tags: { Name: `${name}-public` },
    });
    this.publicSubnets.forEach((s, i) => new RouteTableAssociation(this, `public-${props.publicSubnets[i].availabilityZone}-routes`, {
      subnetId: s.id, routeTableId: publicRoutes.id,
    }));

    const natZones = (props.natGateways ?? 'onePerAz') === 'onePerAz' ? props.publicSubnets : props.publicSubnets.slice(0, 1);
    this.natGateways = natZones.map((s, i) => {
      const eip = new Eip(this, `nat-${s.availabilityZone}-eip`, { domain: 'vpc', tags: { Name: `${name}-nat-${s.availabilityZone}` } });
      return new NatGateway(this, `nat-${s.availabilityZone}`, {
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets[i].id,
        connectivityType: 'public',
        tags: { Name: `${name}-${s.availabilityZone}` },
        dependsOn: [igw],
      });
    });
    this.privateRouteTables = this.privateSubnets.map((s, i) => {
      const zone = props.privateSubnets[i].availabilityZone;
      const nat = this.natGateways[Math.min(i, this.natGateways.length - 1)];
      const routes = new RouteTable(this, `private-${zone}-routes`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
        tags: { Name: `${name}-private-${zone}` },
      });
      new RouteTableAssociation(this, `private-${zone}-association`, { subnetId: s.id, routeTableId: routes.id });
      return routes;
    });

    // no route table association: the endpoints' ENIs only answer, the VPC's local route suffices
    this.endpointSubnets = (props.endpointSubnets ?? []).map((s) => new Subnet(this, `endpoints-${s.availabilityZone}`, {
      vpcId: this.vpc.id,
      cidrBlock: s.cidrBlock,
      availabilityZone: s.availabilityZone,
      mapPublicIpOnLaunch: false,
      tags: { Name: `${name}-endpoints-${s.availabilityZone}` },
    }));
    const endpoints = props.vpcEndpoints ?? [];
    if (endpoints.some((e) => e.type === 'Interface')) {
      this.endpointSecurityGroup = new SecurityGroup(this, 'endpoints-sg', {
        name: `${name}-vpc-endpoints`,
        description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
        vpcId: this.vpc.id,
        tags: { Name: `${name}-vpc-endpoints` },
      });
      new VpcSecurityGroupIngressRule(this, 'endpoints-https', {
        securityGroupId: this.endpointSecurityGroup.id,
        description: 'HTTPS from the VPC',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: props.vpcCidr,
      });
    }
    const endpointSubnetIds = (this.endpointSubnets.length > 0 ? this.endpointSubnets : this.privateSubnets).map((s) => s.id);
    for (const e of endpoints) {
      this.vpcEndpoints[e.service] = new VpcEndpoint(this, `endpoint-${e.service.replace(/\./g, '-')}`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${e.service}`,
        vpcEndpointType: e.type,
        ...(e.type === 'Interface'
          ? { privateDnsEnabled: true, subnetIds: endpointSubnetIds, securityGroupIds: [this.endpointSecurityGroup!.id] }
          : { routeTableIds: this.privateRouteTables.map((t) => t.id) }),
        tags: { Name: `${name}-${e.service}` },
      });
    }

    if (props.enableFlowLogs ?? true) {
      this.flowLogGroup = new EncryptedLogGroup(this, 'flow-logs', {
        name: `/aws/vpc-flow-logs/${name}`,
        retentionInDays: props.flowLogRetentionInDays ?? 365,
        accountId: props.accountId,
        region: props.region,
      });
      const role = new IamRole(this, 'flow-logs-role', {
        name: `${name}-vpc-flow-logs`,
        assumeRolePolicy: policyDocument([{
          Effect: 'Allow',
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
        }]),
      });
      const groupArn = this.flowLogGroup.logGroup.arn;
      new IamRolePolicy(this, 'flow-logs-policy', {
        name: 'write-flow-logs',
        role: role.id,
        policy: policyDocument([{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [groupArn, `${groupArn}:*`],
        }]),
      });
      new FlowLog(this, 'flow-log', {
        vpcId: this.vpc.id,
        trafficType: props.flowLogTrafficType ?? 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: groupArn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
        tags: { Name: name },
      });
    }
  }
}
