import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { EncryptionKey, policyDocument } from './encryption-key';

/** Props of a {@link BackupBucket}. */
export interface BackupBucketProps {
  /** Bucket name (globally unique). */
  readonly name: string;
  /** Account that owns the bucket and its key. */
  readonly accountId: string;
  /**
   * Keep every version of every object, so a deleted or overwritten backup can be recovered.
   * Off only for short-lived data, with `unversionedReason`.
   * @default true
   */
  readonly versioning?: boolean;
  /**
   * Why the bucket is not versioned (the `versioning` tag the Terraform gate reads).
   * @default - required when `versioning` is false
   */
  readonly unversionedReason?: string;
  /**
   * Days after which an object expires: a backstop behind the backup tool's own retention.
   * @default 90
   */
  readonly expireAfterDays?: number;
  /**
   * Days a noncurrent (overwritten or deleted) version is kept.
   * @default 30
   */
  readonly noncurrentVersionExpireAfterDays?: number;
  /**
   * Days after which incomplete multipart uploads are aborted.
   * @default 7
   */
  readonly abortIncompleteUploadAfterDays?: number;
}

/**
 * A private S3 bucket for backups: encrypted with its own rotating KMS key (bucket key on),
 * versioned, every public access blocked, ACLs disabled, TLS-only, with lifecycle rules.
 */
export class BackupBucket extends Construct {
  /** The bucket. */
  public readonly bucket: S3Bucket;
  /** The key that encrypts it. */
  public readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: BackupBucketProps) {
    super(scope, id);
    this.key = new EncryptionKey(this, 'key', {
      alias: `s3/${props.name}`,
      description: `Encrypts the objects of s3://${props.name}`,
      accountId: props.accountId,
    });
    const versioned = props.versioning ?? true;
    if (!versioned && !props.unversionedReason) throw new Error(`${props.name}: an unversioned bucket needs unversionedReason`);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.name,
      forceDestroy: false,
      ...(versioned ? {} : { tags: { versioning: `off: ${props.unversionedReason}` } }),
    });
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketVersioningA(this, 'versioning', {
      bucket,
      versioningConfiguration: { status: versioned ? 'Enabled' : 'Suspended' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
        bucketKeyEnabled: true,
      }],
    });
    new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: policyDocument([{
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }]),
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [{
        id: 'expire',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: props.expireAfterDays ?? 90 }],
        noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpireAfterDays ?? 30 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteUploadAfterDays ?? 7 }],
      }],
    });
  }
}
