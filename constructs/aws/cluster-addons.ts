import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { Construct } from 'constructs';
import type { ITerraformDependable } from './cdktf';

/** Pinned versions of the managed add-ons. */
export interface AddonVersions {
  /** `vpc-cni`. */
  readonly vpcCni: string;
  /** `coredns`. */
  readonly coredns: string;
  /** `kube-proxy`. */
  readonly kubeProxy: string;
  /** `aws-ebs-csi-driver`. */
  readonly ebsCsiDriver: string;
  /** `metrics-server` (EKS community add-on). */
  readonly metricsServer: string;
}

/** The VPC CNI's configuration values this construct renders (the add-on's JSON schema names). */
export interface VpcCniConfiguration {
  /**
   * Run the network policy agent next to the CNI on every node: without it, no NetworkPolicy
   * is enforced.
   * @default true
   */
  readonly enableNetworkPolicy?: boolean;
}

/** Props of {@link ClusterAddons}. */
export interface ClusterAddonsProps {
  /** The cluster's name (its `name` attribute). */
  readonly clusterName: string;
  /** Pinned add-on versions. */
  readonly versions: AddonVersions;
  /** IRSA role of the EBS CSI controller's ServiceAccount. */
  readonly ebsCsiDriverRoleArn: string;
  /**
   * Configuration values of `vpc-cni`.
   * @default - NetworkPolicy enforcement on
   */
  readonly vpcCni?: VpcCniConfiguration;
}

/**
 * The EKS managed add-ons, each pinned to a version. vpc-cni (with its network policy agent, so
 * NetworkPolicies are enforced) and kube-proxy come first (nodes need them to become ready);
 * coredns, the EBS CSI driver and metrics-server (the `metrics.k8s.io` API of HPAs and the VPA
 * recommender) run as pods, so {@link runOn} adds them once the node groups exist and makes
 * them wait for the nodes.
 */
export class ClusterAddons extends Construct {
  /** The add-ons by EKS name. */
  public readonly addons: Record<string, EksAddon> = {};
  private readonly props: ClusterAddonsProps;

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    this.props = props;
    this.add('vpc-cni', props.versions.vpcCni, {
      // the add-on's schema takes strings, not booleans
      configurationValues: JSON.stringify({ enableNetworkPolicy: String(props.vpcCni?.enableNetworkPolicy ?? true) }),
    });
    this.add('kube-proxy', props.versions.kubeProxy);
    // without runOn the cluster has no DNS and no volumes: a render must not silently omit them
    this.node.addValidation({
      validate: () => (this.addons.coredns === undefined ? [`ClusterAddons ${this.node.path}: call runOn(nodes) once the node groups exist (coredns and the EBS CSI driver are missing)`] : []),
    });
  }

  /** The add-ons that nodes need to become ready: the network plugin and kube-proxy. */
  public get nodePrerequisites(): ITerraformDependable[] {
    return [this.addons['vpc-cni'], this.addons['kube-proxy']];
  }

  /** Adds the add-ons that run as pods (coredns, the EBS CSI driver, metrics-server), waiting for `nodes`. */
  public runOn(nodes: readonly ITerraformDependable[]): void {
    if (this.addons.coredns !== undefined) throw new Error(`ClusterAddons ${this.node.path}: runOn was already called`);
    this.add('metrics-server', this.props.versions.metricsServer, { dependsOn: [...nodes] });
    this.add('coredns', this.props.versions.coredns, { dependsOn: [...nodes] });
    this.add('aws-ebs-csi-driver', this.props.versions.ebsCsiDriver, {
      serviceAccountRoleArn: this.props.ebsCsiDriverRoleArn, dependsOn: [...nodes],
    });
  }

  private add(name: string, version: string,
    extra: { serviceAccountRoleArn?: string; dependsOn?: ITerraformDependable[]; configurationValues?: string } = {}): void {
    this.addons[name] = new EksAddon(this, name, {
      clusterName: this.props.clusterName,
      addonName: name,
      addonVersion: version,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      ...extra,
    });
  }
}
