/**
 * Config strings reach Terraform JSON as literals: a policy rendered from values holding a quote,
 * a backslash, `${` and `%{` arrives in the REAL `terraform plan` exactly as written (no extra
 * statement, no expression evaluated). Needs terraform and TF_PROVIDER_MIRROR; without them the
 * test is skipped locally and fails under CI=true, like the Terraform gate.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from '../../constructs/aws/cdktf';
import { IrsaRole } from '../../constructs/aws/irsa-role';
import { terraformLiteral, terraformLiterals } from '../../constructs/aws/terraform-literal';
import type { Environment } from '../../environments/types';
import { servicePolicy } from '../../stacks/environment-stack';
import { planStack } from '../../terraform-gate/terraform-plan';
import { MIRROR_ENV, TerraformSandbox, terraformAvailable } from '../../terraform-gate/terraform-runner';

/** Values a hostile or careless config could hold. */
const HOSTILE = [
  'arn:aws:s3:::bucket/"]}, {"Effect": "Allow", "Action": "*", "Resource": ["*',
  'arn:aws:s3:::bucket/back\\slash',
  'arn:aws:s3:::bucket/${base64encode(file("/etc/passwd"))}',
  'arn:aws:s3:::bucket/%{ if true }directive%{ endif }',
  'arn:aws:s3:::bucket/$${already-escaped} and %%{this}',
];

test('terraformLiteral doubles the template introducers and nothing else', () => {
  expect(terraformLiteral('a ${b} %{c} $d %e {f}')).toBe('a $${b} %%{c} $d %e {f}');
  expect(terraformLiterals({ 'k${x}': ['%{y}'] })).toEqual({ 'k$${x}': ['%%{y}'] });
});

const ready = terraformAvailable() && process.env[MIRROR_ENV] !== undefined;
if (!ready && process.env.CI === 'true') {
  test('terraform and TF_PROVIDER_MIRROR are available under CI=true', () => {
    throw new Error(`terraform ${terraformAvailable() ? 'is installed' : 'is missing'}, ${MIRROR_ENV} is ${process.env[MIRROR_ENV] ?? 'unset'}: CI=true forbids skipping`);
  });
}

(ready ? test : test.skip)(`a policy and tags built from quotes, backslashes, \${ and %{ arrive literally in terraform plan${ready ? '' : ' (SKIPPED: terraform or TF_PROVIDER_MIRROR missing)'}`, async () => {
  const env = { name: 'dev', aws: { accountId: '222222222222', region: 'us-west-2' } } as Environment;
  const out = mkdtempSync(join(tmpdir(), 'platform-literal-'));
  const sandbox = new TerraformSandbox();
  try {
    const app = new App({ outdir: out, stackTraces: false, hclOutput: false, skipValidation: true });
    const stack = new TerraformStack(app, 'literal');
    new AwsProvider(stack, 'aws', { region: 'us-west-2' });
    new IrsaRole(stack, 'role', {
      name: 'dev-shop-literal',
      oidcProviderArn: 'arn:aws:iam::222222222222:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/X',
      oidcIssuerHostPath: 'oidc.eks.us-west-2.amazonaws.com/id/X',
      namespace: 'shop',
      serviceAccount: 'literal',
      statements: servicePolicy(env, [{ actions: ['s3:GetObject'], resources: HOSTILE }]),
      tags: terraformLiterals({ why: HOSTILE[2], directive: HOSTILE[3] }),
    });
    app.synth();
    mkdirSync(join(out, 'plans'), { recursive: true });
    const result = await planStack(sandbox, join(out, 'stacks', 'literal'), 'literal');
    expect(result.detail ?? '').toBe('');
    expect(result.failedStep).toBeUndefined();

    const resources = result.plan!.planned_values!.root_module!.resources!;
    const planned = (type: string) => resources.find((r) => r.type === type)!.values;
    const policy = JSON.parse(planned('aws_iam_role_policy').policy);
    expect(policy.Statement).toEqual([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: HOSTILE }]);
    expect(planned('aws_iam_role').tags).toMatchObject({ why: HOSTILE[2], directive: HOSTILE[3] });
    expect(readFileSync(join(out, 'stacks', 'literal', 'cdk.tf.json'), 'utf8')).not.toContain('jsonencode');
  } finally {
    sandbox.dispose();
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
