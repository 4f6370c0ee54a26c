import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { all, has, synth } from './synth';
import { BackupBucket } from '../../../constructs/aws/backup-bucket';

const build = () => synth((s) => new BackupBucket(s, 'b', { name: 'bkp', accountId: '123456789012' }));

test('KMS encryption with its own rotating key, versioning, every public access blocked, ACLs off', () => {
  const { json, resources } = build();
  expect(has(json, S3Bucket.tfResourceType, { bucket: 'bkp', force_destroy: false })).toBe(true);
  expect(has(json, KmsKey.tfResourceType, { enable_key_rotation: true })).toBe(true);
  const [sse] = all(resources, S3BucketServerSideEncryptionConfigurationA.tfResourceType);
  expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
  expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/aws_kms_key/);
  expect(has(json, S3BucketVersioningA.tfResourceType, { versioning_configuration: { status: 'Enabled' } })).toBe(true);
  expect(has(json, S3BucketPublicAccessBlock.tfResourceType, {
    block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
  })).toBe(true);
  expect(has(json, S3BucketOwnershipControls.tfResourceType, { rule: { object_ownership: 'BucketOwnerEnforced' } })).toBe(true);
});

test('the bucket policy denies every request without TLS', () => {
  const policy = JSON.parse(String(all(build().resources, S3BucketPolicy.tfResourceType)[0].policy));
  expect(policy.Statement).toContainEqual(expect.objectContaining({
    Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  }));
});

test('lifecycle: expiry, noncurrent-version expiry and aborting incomplete uploads', () => {
  const [lc] = all(build().resources, S3BucketLifecycleConfiguration.tfResourceType);
  expect(lc.rule).toEqual([{
    id: 'expire',
    status: 'Enabled',
    filter: [{ prefix: '' }],
    expiration: [{ days: 90 }],
    noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
  }]);
});

test('snapshot', () => {
  expect(build().json).toMatchSnapshot();
});
