import { stack } from './fixtures';
import { decodeDocument } from '../../review/documents';
import { maskCredentials, REDACTED } from '../../review/fields';
import { formatReport, toMarkdown } from '../../review/format';
import { diffTrees } from '../../review/report';

const tree = (resources: Record<string, Record<string, Record<string, unknown>>>) => new Map([['terraform/stacks/dev/cdk.tf.json', stack('dev', resources)]]);
const iamFlags = (before: ReturnType<typeof tree>, after: ReturnType<typeof tree>) =>
  diffTrees(before, after).risks.filter((f) => f.rule === 'iam-grows').map((f) => `${f.id}: ${f.reason}`);

/** An IRSA role policy as JSON text, the way the IRSA construct renders it. */
const rolePolicy = (actions: string[], sid?: string) => ({
  aws_iam_role_policy: {
    worker_policy_3F65AEC2: {
      role: '${aws_iam_role.worker.name}',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ ...(sid ? { Sid: sid } : {}), Effect: 'Allow', Action: actions, Resource: ['arn:aws:sqs:us-west-2:222222222222:dev-orders'] }] }),
    },
  },
});

describe('IAM that grows is a risk flag', () => {
  test('a new action in a role policy: flagged, named, and shown in the markdown diff', () => {
    const before = tree(rolePolicy(['sqs:ReceiveMessage']));
    const after = tree(rolePolicy(['sqs:ReceiveMessage', 'sqs:SendMessage'], 'WorkerQueue'));
    expect(iamFlags(before, after)).toEqual(['aws_iam_role_policy.worker_policy_3F65AEC2: policy now allows more: new action: sqs:SendMessage (WorkerQueue)']);
    const md = toMarkdown(diffTrees(before, after));
    expect(md).toMatch(/\*\*IAM grows \(new action, resource, principal or account\)\*\*: `aws_iam_role_policy\.worker_policy_3F65AEC2`.*new action: sqs:SendMessage/);
    expect(md).toMatch(/^ {2}\+\s+"sqs:SendMessage"$/m);
    // fewer permissions is no risk
    expect(iamFlags(after, before)).toEqual([]);
  });

  test('jsonencode policies: KMS key, bucket and trust policies gaining a principal, account or resource', () => {
    const kms = (principals: string[]) => ({
      aws_kms_key: { logs_key: { policy: `\${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Sid" = "Logs", "Effect" = "Allow", "Principal" = {"AWS" = [${principals.map((p) => `"${p}"`).join(', ')}]}, "Action" = "kms:Decrypt", "Resource" = "*"}]})}` } },
    });
    expect(iamFlags(tree(kms(['arn:aws:iam::222222222222:root'])), tree(kms(['arn:aws:iam::222222222222:root', 'arn:aws:iam::999999999999:role/x']))))
      .toEqual(['aws_kms_key.logs_key: policy now allows more: new principal: AWS:arn:aws:iam::999999999999:role/x (Logs); new account: 999999999999 (Logs)']);
    const bucket = (resources: string) => ({
      aws_s3_bucket_policy: { b: { policy: `\${jsonencode({"Statement" = [{"Effect" = "Allow", "Principal" = "*", "Action" = ["s3:GetObject"], "Resource" = [${resources}]}]})}` } },
    });
    expect(iamFlags(tree(bucket('"${aws_s3_bucket.b.arn}/a/*"')), tree(bucket('"${aws_s3_bucket.b.arn}/a/*", aws_s3_bucket.b.arn')))).toEqual([
      'aws_s3_bucket_policy.b: policy now allows more: new resource: ${aws_s3_bucket.b.arn}',
    ]);
    const trust = (sub: string) => ({ aws_iam_role: { r: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: sub }, Action: 'sts:AssumeRoleWithWebIdentity' }] }) } } });
    expect(iamFlags(tree(trust('a')), tree(trust('b')))).toEqual(['aws_iam_role.r: assume_role_policy now allows more: new principal: Federated:b']);
  });

  test('a new policy, an attached managed policy and Deny statements', () => {
    expect(iamFlags(tree({}), tree(rolePolicy(['s3:GetObject'])))).toEqual([
      'aws_iam_role_policy.worker_policy_3F65AEC2: policy is a new policy: new action: s3:GetObject; new resource: arn:aws:sqs:us-west-2:222222222222:dev-orders; new account: 222222222222',
    ]);
    expect(iamFlags(tree({}), tree({ aws_iam_role_policy_attachment: { a: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } } })))
      .toEqual(['aws_iam_role_policy_attachment.a: attaches arn:aws:iam::aws:policy/AdministratorAccess']);
    const deny = (actions: string[]) => ({ aws_iam_policy: { p: { policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: actions, Resource: '*' }] }) } } });
    expect(iamFlags(tree(deny(['s3:*'])), tree(deny(['s3:*', 'iam:*'])))).toEqual([]);
  });

  test('values in a flag are never cut', () => {
    const many = Array.from({ length: 40 }, (_, i) => `sqs:Action${i}`);
    const [flag] = iamFlags(tree(rolePolicy(['sqs:ReceiveMessage'])), tree(rolePolicy(['sqs:ReceiveMessage', ...many])));
    for (const a of many) expect(flag).toContain(a);
  });

  test('documents inside strings decode, including cdktf jsonencode with references and interpolations', () => {
    expect(decodeDocument('${jsonencode({"A" = aws_kms_key.k.arn, "B" = "x-${var.y}", "C" = true, "D" = "${replace(a.url, "https://", "")}:sub"})}'))
      .toEqual({ A: '${aws_kms_key.k.arn}', B: 'x-${var.y}', C: true, D: '${replace(a.url, "https://", "")}:sub' });
    expect(decodeDocument('plain text')).toBeUndefined();
  });
});

describe('redaction', () => {
  test('SSM SecureString values never print; plain String parameters do', () => {
    const ssm = (type: string, value: string) => tree({ aws_ssm_parameter: { p: { name: '/dev/db', type, value } } });
    for (const format of ['markdown', 'text', 'json'] as const) {
      const out = formatReport(diffTrees(ssm('SecureString', 'hunter2'), ssm('SecureString', 'letmein')), format);
      expect(out).not.toMatch(/hunter2|letmein/);
      expect(out).toContain(REDACTED);
      expect(formatReport(diffTrees(ssm('String', 'blue'), ssm('String', 'green')), format)).toContain('green');
    }
  });

  test('passwords in connection strings are masked, users and hosts kept', () => {
    expect(maskCredentials('DATABASE_URL=postgres://app:p%40ss@db.internal:5432/x and amqp://u:pw@mq'))
      .toBe(`DATABASE_URL=postgres://app:${REDACTED}@db.internal:5432/x and amqp://u:${REDACTED}@mq`);
    expect(maskCredentials('https://example.com/a:b@c')).toBe('https://example.com/a:b@c');
  });
});
