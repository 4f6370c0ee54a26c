import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { Fn } from './cdktf';

/** One IAM policy statement, as the constructs of this folder write them (JSON, never a data source). */
export interface PolicyStatement {
  /** Statement id. */
  readonly Sid?: string;
  /** `Allow` or `Deny`. */
  readonly Effect: 'Allow' | 'Deny';
  /** Principal, for resource and trust policies. */
  readonly Principal?: unknown;
  /** Actions. */
  readonly Action: string | readonly string[];
  /** Resources (identity and resource policies). */
  readonly Resource?: string | readonly string[];
  /** Conditions: operator -> key -> value(s). */
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document from statements, rendered with `jsonencode` so that tokens resolve at plan time. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return Fn.jsonencode({ Version: '2012-10-17', Statement: statements });
}

/** A service that may use the key, e.g. CloudWatch Logs for a log group. */
export interface KeyServiceGrant {
  /** Service principal, e.g. `logs.us-west-2.amazonaws.com`. */
  readonly service: string;
  /** KMS actions the service may call. */
  readonly actions: readonly string[];
  /**
   * Conditions that bind the grant to the caller's resource (encryption context, source ARN).
   * @default - none
   */
  readonly conditions?: Record<string, Record<string, unknown>>;
}

/** Props of an {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** What the key protects: becomes the alias `alias/<alias>`. */
  readonly alias: string;
  /** Description shown in the console. */
  readonly description: string;
  /**
   * The account that owns the key. Its root principal administers the key, so IAM policies of that
   * account delegate use (the explicit key policy AWS recommends; no wildcard principal).
   */
  readonly accountId: string;
  /**
   * AWS services allowed to use the key directly.
   * @default - none: only IAM principals of the account
   */
  readonly serviceGrants?: readonly KeyServiceGrant[];
  /**
   * Rotate the key material yearly.
   * @default true
   */
  readonly enableKeyRotation?: boolean;
  /**
   * Days between scheduling deletion and deleting the key (7-30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
}

/** Where a grant's inline policy lives. */
export interface KeyGrantOptions {
  /**
   * Construct id of the inline policy, beside the role (its Terraform address).
   * @default - `<key id>-<role id>`
   */
  readonly id?: string;
  /**
   * Name of the inline policy on the role.
   * @default - `use-<key alias with / as ->`
   */
  readonly policyName?: string;
}

/** The actions of {@link EncryptionKey.grantEncryptDecrypt}. */
export const ENCRYPT_DECRYPT_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'] as const;

/** A customer-managed, rotating KMS key with an explicit key policy and an alias. */
export class EncryptionKey extends Construct {
  /** The key. */
  public readonly key: KmsKey;
  /** The key's ARN. */
  public readonly arn: string;
  private readonly alias: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const statements: PolicyStatement[] = [
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      ...(props.serviceGrants ?? []).map((g, i): PolicyStatement => ({
        Sid: `Service${i}`,
        Effect: 'Allow',
        Principal: { Service: g.service },
        Action: [...g.actions],
        Resource: '*',
        ...(g.conditions ? { Condition: g.conditions } : {}),
      })),
    ];
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: props.enableKeyRotation ?? true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policyDocument(statements),
      tags: { Name: props.alias },
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
    this.alias = props.alias;
  }

  /**
   * Lets `role` call `actions` on this key only: an inline policy on the role, created beside it.
   * The key policy delegates to IAM (its account administers it), so this is all a role needs.
   */
  public grant(role: IamRole, actions: readonly string[], options: KeyGrantOptions = {}): IamRolePolicy {
    if (actions.length === 0) throw new Error(`EncryptionKey ${this.node.path}: a grant needs at least one action`);
    const scope = role.node.scope ?? role;
    return new IamRolePolicy(scope, options.id ?? `${this.node.id}-${role.node.id}`, {
      name: options.policyName ?? `use-${this.alias.replace(/\//g, '-')}`,
      role: role.id,
      policy: policyDocument([{ Effect: 'Allow', Action: [...actions], Resource: this.arn }]),
    });
  }

  /** Lets `role` encrypt, decrypt and generate data keys with this key. */
  public grantEncryptDecrypt(role: IamRole, options: KeyGrantOptions = {}): IamRolePolicy {
    return this.grant(role, ENCRYPT_DECRYPT_ACTIONS, options);
  }
}

/** The grant CloudWatch Logs needs to encrypt the log groups matching `logGroupArn` (may end in `*`). */
export function cloudWatchLogsGrant(region: string, logGroupArn: string): KeyServiceGrant {
  return {
    service: `logs.${region}.amazonaws.com`,
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
  };
}
