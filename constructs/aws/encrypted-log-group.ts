import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { cloudWatchLogsGrant, EncryptionKey } from './encryption-key';

/** Props of an {@link EncryptedLogGroup}. */
export interface EncryptedLogGroupProps {
  /** Log group name, e.g. `/aws/eks/<cluster>/cluster`. */
  readonly name: string;
  /** Days the logs are kept (a CloudWatch Logs retention value). */
  readonly retentionInDays: number;
  /** Account and region of the log group, for the key policy. */
  readonly accountId: string;
  /** Region of the log group. */
  readonly region: string;
  /**
   * Key that encrypts the logs.
   * @default - a new rotating customer key that only CloudWatch Logs for this log group may use
   */
  readonly key?: EncryptionKey;
}

/** A CloudWatch log group encrypted with a customer KMS key, with a retention period. */
export class EncryptedLogGroup extends Construct {
  /** The log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The key that encrypts it. */
  public readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const arn = `arn:aws:logs:${props.region}:${props.accountId}:log-group:${props.name}`;
    this.key = props.key ?? new EncryptionKey(this, 'key', {
      alias: `logs${props.name}`.replace(/[^A-Za-z0-9/_-]/g, '-'),
      description: `Encrypts the CloudWatch log group ${props.name}`,
      accountId: props.accountId,
      serviceGrants: [cloudWatchLogsGrant(props.region, arn)],
    });
    this.logGroup = new CloudwatchLogGroup(this, 'group', {
      name: props.name,
      retentionInDays: props.retentionInDays,
      kmsKeyId: this.key.arn,
    });
  }
}
