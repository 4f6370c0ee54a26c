import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { all, synth } from './synth';
import { TerraformStack, Testing } from '../../../constructs/aws/cdktf';
import { ClusterAddons } from '../../../constructs/aws/cluster-addons';

const versions = { vpcCni: 'v1.19.6-eksbuild.1', coredns: 'v1.12.1-eksbuild.2', kubeProxy: 'v1.33.0-eksbuild.2', ebsCsiDriver: 'v1.44.0-eksbuild.1', metricsServer: 'v0.8.0-eksbuild.1' };

test('the managed add-ons, each pinned; the pod add-ons wait for the nodes; EBS CSI runs with its IRSA role', () => {
  const { resources } = synth((s) => {
    const addons = new ClusterAddons(s, 'addons', { clusterName: 'c1', versions, ebsCsiDriverRoleArn: 'arn:aws:iam::1:role/irsa/ebs' });
    const nodes = new EksNodeGroup(s, 'nodes', {
      clusterName: 'c1', nodeRoleArn: 'r', subnetIds: ['s'], scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 }, dependsOn: addons.nodePrerequisites,
    });
    addons.runOn([nodes]);
  });
  const addons = all(resources, EksAddon.tfResourceType);
  expect(addons.map((a) => [a.addon_name, a.addon_version]).sort()).toEqual([
    ['aws-ebs-csi-driver', versions.ebsCsiDriver], ['coredns', versions.coredns], ['kube-proxy', versions.kubeProxy],
    ['metrics-server', versions.metricsServer], ['vpc-cni', versions.vpcCni],
  ]);
  const byName = Object.fromEntries(addons.map((a) => [a.addon_name, a]));
  expect(byName.coredns.depends_on).toEqual(['aws_eks_node_group.nodes']);
  expect(byName['aws-ebs-csi-driver']).toMatchObject({ service_account_role_arn: 'arn:aws:iam::1:role/irsa/ebs', depends_on: ['aws_eks_node_group.nodes'] });
  expect(byName['metrics-server'].depends_on).toEqual(['aws_eks_node_group.nodes']);
  expect(byName['vpc-cni'].depends_on).toBeUndefined();
  expect(all(resources, EksNodeGroup.tfResourceType)[0].depends_on).toHaveLength(2);
});

test('the VPC CNI enforces NetworkPolicies unless told otherwise', () => {
  const cni = (vpcCni?: { enableNetworkPolicy?: boolean }) => {
    const { resources } = synth((s) => new ClusterAddons(s, 'addons', { clusterName: 'c1', versions, ebsCsiDriverRoleArn: 'r', vpcCni }));
    return JSON.parse(all(resources, EksAddon.tfResourceType).find((a) => a.addon_name === 'vpc-cni').configuration_values);
  };
  expect(cni()).toEqual({ enableNetworkPolicy: 'true' });
  expect(cni({ enableNetworkPolicy: false })).toEqual({ enableNetworkPolicy: 'false' });
});

test('a ClusterAddons whose runOn is never called fails validation, and runOn twice throws', () => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const addons = new ClusterAddons(stack, 'addons', { clusterName: 'c1', versions, ebsCsiDriverRoleArn: 'r' });
  expect(addons.node.validate()).toEqual([expect.stringContaining('call runOn(nodes) once the node groups exist')]);
  addons.runOn([]);
  expect(addons.node.validate()).toEqual([]);
  expect(() => addons.runOn([])).toThrow('runOn was already called');
});
