import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { all, has, synth } from './synth';
import { ServiceRepository } from '../../../constructs/aws/service-repository';

test('secure defaults: IMMUTABLE tags, scan on push, KMS encryption, a lifecycle policy', () => {
  const { json, resources } = synth((s) => new ServiceRepository(s, 'r', { name: 'platform/web' }));
  expect(has(json, EcrRepository.tfResourceType, {
    name: 'platform/web',
    image_tag_mutability: 'IMMUTABLE',
    image_scanning_configuration: { scan_on_push: true },
    encryption_configuration: [{ encryption_type: 'KMS' }],
  })).toBe(true);
  const rules = JSON.parse(all(resources, EcrLifecyclePolicy.tfResourceType)[0].policy).rules;
  expect(rules.map((r: any) => r.selection.tagStatus)).toEqual(['untagged', 'any']);
  expect(resources[EcrRepositoryPolicy.tfResourceType]).toBeUndefined();
});

test('each environment account may pull, and only pull', () => {
  const { resources } = synth((s) => new ServiceRepository(s, 'r', { name: 'platform/web', kmsKeyArn: 'arn:aws:kms:us-west-2:1:key/x', pullAccountIds: ['222222222222', '333333333333'] }));
  expect(all(resources, EcrRepository.tfResourceType)[0].encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: 'arn:aws:kms:us-west-2:1:key/x' }]);
  const policy = String(all(resources, EcrRepositoryPolicy.tfResourceType)[0].policy);
  expect(policy).toContain('arn:aws:iam::222222222222:root');
  expect(policy).toContain('arn:aws:iam::333333333333:root');
  expect(policy).not.toMatch(/ecr:Put|ecr:\*|ecr:Delete/);
});

test('snapshot', () => {
  expect(synth((s) => new ServiceRepository(s, 'r', { name: 'platform/web', pullAccountIds: ['222222222222'] })).json).toMatchSnapshot();
});
