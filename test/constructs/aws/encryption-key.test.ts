import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { all, has, synth } from './synth';
import { cloudWatchLogsGrant, ENCRYPT_DECRYPT_ACTIONS, EncryptionKey } from '../../../constructs/aws/encryption-key';

const policyOf = (resources: any) => JSON.parse(JSON.stringify(all(resources, KmsKey.tfResourceType)[0].policy));

test('rotation on, 30-day deletion window, an alias, and an explicit policy administered by the account root', () => {
  const { json, resources } = synth((s) => new EncryptionKey(s, 'k', { alias: 'test', description: 'd', accountId: '123456789012' }));
  expect(has(json, KmsKey.tfResourceType, { enable_key_rotation: true, deletion_window_in_days: 30 })).toBe(true);
  expect(has(json, KmsAlias.tfResourceType, { name: 'alias/test' })).toBe(true);
  const policy = String(policyOf(resources));
  expect(policy).toContain('arn:aws:iam::123456789012:root');
  expect(policy).not.toMatch(/"AWS" = "\*"/);
});

test('service grants are bound by their conditions', () => {
  const { resources } = synth((s) => new EncryptionKey(s, 'k', {
    alias: 'logs',
    description: 'd',
    accountId: '123456789012',
    serviceGrants: [cloudWatchLogsGrant('us-west-2', 'arn:aws:logs:us-west-2:123456789012:log-group:/x')],
  }));
  const policy = String(policyOf(resources));
  expect(policy).toContain('logs.us-west-2.amazonaws.com');
  expect(policy).toContain('kms:EncryptionContext:aws:logs:arn');
});

test('knobs: rotation off and a shorter window are possible but explicit', () => {
  const { json } = synth((s) => new EncryptionKey(s, 'k', { alias: 'x', description: 'd', accountId: '123456789012', enableKeyRotation: false, deletionWindowInDays: 7 }));
  expect(has(json, KmsKey.tfResourceType, { enable_key_rotation: false, deletion_window_in_days: 7 })).toBe(true);
});

test('snapshot', () => {
  expect(synth((s) => new EncryptionKey(s, 'k', { alias: 'test', description: 'd', accountId: '123456789012' })).json).toMatchSnapshot();
});

test('grantEncryptDecrypt gives one role an inline policy on exactly this key, beside the role', () => {
  const { resources } = synth((s) => {
    const key = new EncryptionKey(s, 'k', { alias: 'eks/c1/secrets', description: 'd', accountId: '123456789012' });
    const role = new IamRole(s, 'role', { assumeRolePolicy: '{}' });
    key.grantEncryptDecrypt(role);
    expect(() => key.grant(role, [])).toThrow('a grant needs at least one action');
  });
  const [policy] = all(resources, IamRolePolicy.tfResourceType);
  expect(policy.name).toBe('use-eks-c1-secrets');
  expect(policy.role).toBe('${aws_iam_role.role.id}');
  const text = String(policy.policy);
  for (const action of ENCRYPT_DECRYPT_ACTIONS) expect(text).toContain(`"${action}"`);
  expect(text).toContain('aws_kms_key.k_key_');
  expect(text).not.toContain('"*"');
});
