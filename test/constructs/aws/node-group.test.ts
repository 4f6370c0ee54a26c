import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { all, synth } from './synth';
import { NodeGroup, type NodeGroupProps } from '../../../constructs/aws/node-group';

const props = (extra: Partial<NodeGroupProps> = {}): NodeGroupProps => ({
  clusterName: 'c1',
  name: 'general',
  resourcePrefix: 'c1',
  subnetIds: ['subnet-a', 'subnet-b'],
  instanceTypes: ['m6i.large'],
  amiType: 'AL2023_x86_64_STANDARD',
  minSize: 1,
  maxSize: 5,
  desiredSize: 2,
  ...extra,
});

test('launch template: IMDSv2 required, hop limit 1, encrypted gp3 root volume, no SSH key', () => {
  const { resources } = synth((s) => new NodeGroup(s, 'nodes', props()));
  const [lt] = all(resources, LaunchTemplate.tfResourceType);
  expect(lt.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1, instance_metadata_tags: 'disabled' });
  expect(lt.block_device_mappings).toEqual([{ device_name: '/dev/xvda', ebs: { volume_size: 50, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } }]);
  expect(lt.key_name).toBeUndefined();
});

test('managed group in the given subnets, on the launch template, without remote access; desired size left to the autoscaler', () => {
  const { resources } = synth((s) => new NodeGroup(s, 'nodes', props()));
  const [g] = all(resources, EksNodeGroup.tfResourceType);
  expect(g).toMatchObject({
    node_group_name: 'general',
    subnet_ids: ['subnet-a', 'subnet-b'],
    capacity_type: 'ON_DEMAND',
    ami_type: 'AL2023_x86_64_STANDARD',
    scaling_config: { min_size: 1, max_size: 5, desired_size: 2 },
    update_config: { max_unavailable_percentage: 33 },
    lifecycle: { ignore_changes: ['scaling_config[0].desired_size'] },
  });
  expect(g.launch_template.id).toMatch(/aws_launch_template/);
  expect(g.remote_access).toBeUndefined();
  expect(all(resources, IamRolePolicyAttachment.tfResourceType).map((a) => a.policy_arn).sort()).toEqual([
    'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
  ]);
});

test('capacity type, labels, taints, max-unavailable and disk size come from props', () => {
  const { resources } = synth((s) => new NodeGroup(s, 'nodes', props({
    capacityType: 'SPOT',
    instanceTypes: ['t3.large', 't3a.large'],
    labels: { pool: 'x' },
    maxUnavailablePercentage: 50,
    diskSizeGiB: 80,
    taints: [{ key: 'dedicated', value: 'x', effect: 'NO_SCHEDULE' }],
  })));
  const [g] = all(resources, EksNodeGroup.tfResourceType);
  expect(g).toMatchObject({ capacity_type: 'SPOT', instance_types: ['t3.large', 't3a.large'], labels: { pool: 'x' }, update_config: { max_unavailable_percentage: 50 } });
  expect(g.taint).toEqual([{ key: 'dedicated', value: 'x', effect: 'NO_SCHEDULE' }]);
  expect(all(resources, LaunchTemplate.tfResourceType)[0].block_device_mappings[0].ebs.volume_size).toBe(80);
});

test('snapshot', () => {
  expect(synth((s) => new NodeGroup(s, 'nodes', props({ taints: [{ key: 'k', effect: 'NO_EXECUTE' }] }))).json).toMatchSnapshot();
});
