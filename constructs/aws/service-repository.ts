import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Construct } from 'constructs';
import { policyDocument } from './encryption-key';

/** Props of a {@link ServiceRepository}. */
export interface ServiceRepositoryProps {
  /** Repository name, e.g. `platform/web`. */
  readonly name: string;
  /**
   * Customer KMS key that encrypts the images.
   * @default - the AWS-managed `aws/ecr` KMS key
   */
  readonly kmsKeyArn?: string;
  /**
   * Accounts whose principals may pull (the environments' accounts). Pushing stays with the
   * registry account.
   * @default [] - no cross-account pull
   */
  readonly pullAccountIds?: readonly string[];
  /**
   * `IMMUTABLE`: a tag, once pushed, always names the same image, so promoting a tag promotes
   * exactly what was tested.
   * @default 'IMMUTABLE'
   */
  readonly imageTagMutability?: 'IMMUTABLE' | 'MUTABLE';
  /**
   * Scan every image for vulnerabilities when it is pushed.
   * @default true
   */
  readonly scanOnPush?: boolean;
  /**
   * Days after which untagged images (failed or superseded pushes) expire.
   * @default 14
   */
  readonly untaggedExpiryDays?: number;
  /**
   * Tagged images kept; older ones expire beyond this count.
   * @default 500
   */
  readonly maxImageCount?: number;
}

/** One service's ECR repository: immutable tags, scan on push, KMS, a lifecycle policy, cross-account pull. */
export class ServiceRepository extends Construct {
  /** The repository. */
  public readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ServiceRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, 'repository', {
      name: props.name,
      imageTagMutability: props.imageTagMutability ?? 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: props.scanOnPush ?? true },
      encryptionConfiguration: [{ encryptionType: 'KMS', ...(props.kmsKeyArn ? { kmsKey: props.kmsKeyArn } : {}) }],
      forceDelete: false,
    });
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'expire untagged images',
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: props.untaggedExpiryDays ?? 14 },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: 'keep the newest images',
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: props.maxImageCount ?? 500 },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    const pull = props.pullAccountIds ?? [];
    if (pull.length > 0) {
      new EcrRepositoryPolicy(this, 'policy', {
        repository: this.repository.name,
        policy: policyDocument([{
          Sid: 'EnvironmentsPull',
          Effect: 'Allow',
          Principal: { AWS: pull.map((a) => `arn:aws:iam::${a}:root`) },
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        }]),
      });
    }
  }
}
