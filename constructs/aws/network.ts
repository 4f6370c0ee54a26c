import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';

/** One subnet's zone and block. */
export interface SubnetPlan {
  /** Availability zone, e.g. `us-west-2a`. */
  readonly availabilityZone: string;
  /** IPv4 CIDR inside the VPC. */
  readonly cidrBlock: string;
}

/** Props of a {@link Network}. */
export interface NetworkProps {
  /** Name prefix of every resource (the `Name` tag). */
  readonly name: string;
  /** IPv4 CIDR of the VPC. */
  readonly vpcCidr: string;
  /** Private subnets, one per availability zone. */
  readonly privateSubnets: readonly SubnetPlan[];
  /**
   * Name of the EKS cluster that uses the subnets, for the `kubernetes.io/cluster/<name>` tag.
   * @default - no cluster tag
   */
  readonly clusterName?: string;
}

/** A VPC with private subnets across availability zones. */
export class Network extends Construct {
  /** The VPC. */
  public readonly vpc: Vpc;
  /** Private subnets, in the order of `privateSubnets`. */
  public readonly privateSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.name },
    });
    const clusterTag = props.clusterName ? { [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' } : {};
    this.privateSubnets = props.privateSubnets.map((s) => new Subnet(this, `private-${s.availabilityZone}`, {
      vpcId: this.vpc.id,
      cidrBlock: s.cidrBlock,
      availabilityZone: s.availabilityZone,
      mapPublicIpOnLaunch: false,
      tags: { 'Name': `${props.name}-private-${s.availabilityZone}`, 'kubernetes.io/role/internal-elb': '1', ...clusterTag },
    }));
  }
}
