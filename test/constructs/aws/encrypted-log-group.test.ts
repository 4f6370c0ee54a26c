import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { all, has, synth } from './synth';
import { EncryptedLogGroup } from '../../../constructs/aws/encrypted-log-group';

test('a log group with retention, encrypted by its own key that only CloudWatch Logs for this group may use', () => {
  const { json, resources } = synth((s) => new EncryptedLogGroup(s, 'g', { name: '/x/y', retentionInDays: 90, accountId: '123456789012', region: 'eu-west-1' }));
  expect(has(json, CloudwatchLogGroup.tfResourceType, { name: '/x/y', retention_in_days: 90 })).toBe(true);
  expect(all(resources, CloudwatchLogGroup.tfResourceType)[0].kms_key_id).toMatch(/^\$\{aws_kms_key\.[^}]+\.arn\}$/);
  const policy = String(all(resources, KmsKey.tfResourceType)[0].policy);
  expect(policy).toContain('logs.eu-west-1.amazonaws.com');
  expect(policy).toContain('arn:aws:logs:eu-west-1:123456789012:log-group:/x/y');
});

test('snapshot', () => {
  expect(synth((s) => new EncryptedLogGroup(s, 'g', { name: '/x/y', retentionInDays: 90, accountId: '123456789012', region: 'eu-west-1' })).json).toMatchSnapshot();
});
