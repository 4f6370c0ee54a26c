/**
 * The IAM grammar of the config: actions, resource ARNs and role ARNs, checked at load time so
 * that nothing but a well-formed, narrow permission reaches a policy document.
 */
import { fail, show } from './validation-rules';

/** `service:Action`; wildcards only inside the action name (`s3:Get*`), never the service. */
const ACTION = /^[a-z0-9-]{2,40}:[A-Za-z0-9*]+$/;
/**
 * Actions that grant power over identities or everything: allowed only with a `justification`,
 * which the rendered policy carries as its `Sid` so that reviewers see it in the diff.
 */
export const SENSITIVE_ACTIONS = ['*', 'iam:*', 'iam:PassRole', 'sts:AssumeRole'] as const;
/** The AWS partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; no template syntax, no quotes, no spaces. */
const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|\*|aws|):([A-Za-z0-9_+=,.@/:*?-]+)$/;
/** A role ARN: `arn:aws:iam::<account>:role/<path/><name>`. */
const ROLE_ARN = /^arn:(?:aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** The values a catalog ARN's placeholders take in one environment. */
export interface ArnPlaceholders {
  /** `{account}`. */
  readonly account: string;
  /** `{region}`. */
  readonly region: string;
  /** `{env}`. */
  readonly env: string;
}

/** Fills `{account}`, `{region}` and `{env}` in. */
export function fillPlaceholders(text: string, p: ArnPlaceholders): string {
  return text.replaceAll('{account}', p.account).replaceAll('{region}', p.region).replaceAll('{env}', p.env);
}

/** True when the action is refused without a justification. */
export function isSensitiveAction(action: string): boolean {
  return (SENSITIVE_ACTIONS as readonly string[]).includes(action) || action === 'iam:Pass*' || /^(iam|sts):\*$/.test(action);
}

/** Checks one statement of a catalog entry's `awsPermissions` for one environment. */
export function validateStatement(
  env: string,
  at: string,
  statement: { readonly actions: readonly string[]; readonly resources: readonly string[]; readonly justification?: string },
  placeholders: ArnPlaceholders,
): void {
  if (statement.actions.length === 0) fail(env, `${at}.actions`, 'no action is listed', 'name actions such as "s3:GetObject"');
  statement.actions.forEach((a, i) => {
    if (a !== '*' && !ACTION.test(a)) {
      fail(env, `${at}.actions[${i}]`, `${show(a)} is not an IAM action of the form service:Action`, 'name actions such as "s3:GetObject" (wildcards only inside the action name, e.g. "s3:Get*")');
    }
    if (isSensitiveAction(a) && statement.justification === undefined) {
      fail(env, `${at}.actions[${i}]`, `${show(a)} grants power over identities or everything`,
        'name the specific actions, or add justification: "<why>" to the statement (reviewers see it)');
    }
    if (a.endsWith(':*') && statement.justification === undefined) {
      fail(env, `${at}.actions[${i}]`, `${show(a)} grants every action of the service`, 'name the specific actions such as "s3:GetObject", never "s3:*"');
    }
  });
  if (statement.resources.length === 0) fail(env, `${at}.resources`, 'no resource is listed', 'name resource ARNs such as "arn:aws:sqs:{region}:{account}:{env}-orders"');
  statement.resources.forEach((r, i) => {
    const filled = fillPlaceholders(r, placeholders);
    const m = ARN.exec(filled);
    const partition = partitionOf(placeholders.region);
    if (!m || m[1] !== partition) {
      fail(env, `${at}.resources[${i}]`, `${show(filled)} is not an ARN of partition ${partition}`,
        `write arn:${partition}:<service>:<region>:<account>:<resource>, with the placeholders {account}, {region} and {env}; never "*"`);
    }
    if (m[4] !== '' && m[4] !== 'aws' && m[4] !== placeholders.account) {
      fail(env, `${at}.resources[${i}]`, `${show(filled)} names account ${m[4]}, not the environment's ${placeholders.account}`, 'use the placeholder {account}');
    }
  });
}

/** Checks `cluster.adminRoleArns`: at least one, each once, role ARNs of the environment's own account. */
export function validateAdminRoleArns(env: string, arns: readonly string[], accountId: string): void {
  if (arns.length === 0) {
    fail(env, 'cluster.adminRoleArns', 'no role can administer the cluster', `list at least one role such as "arn:aws:iam::${accountId}:role/platform-admin"`);
  }
  arns.forEach((arn, i) => {
    const m = ROLE_ARN.exec(arn);
    if (!m || m[1] !== accountId) {
      fail(env, `cluster.adminRoleArns[${i}]`, `${show(arn)} is not a role ARN of account ${accountId}`, `use "arn:aws:iam::${accountId}:role/<name>"`);
    }
    // IAM role names are unique regardless of case: Platform-Admin and platform-admin are one role
    if (arns.findIndex((x) => x.toLowerCase() === arn.toLowerCase()) !== i) {
      fail(env, `cluster.adminRoleArns[${i}]`, `"${arn}" is listed twice`, 'list each role once (IAM role names ignore case)');
    }
  });
}
