import { render, stack } from '../../helpers/render';

const ENVS = ['dev', 'staging', 'prod'];

test.each(ENVS)('%s stack renders the same bytes as before (snapshot)', (env) => {
  expect(render().tf.get(`stacks/${env}/cdk.tf.json`)).toMatchSnapshot();
});

test('one self-contained stack per environment, named after it', () => {
  expect([...render().tf.keys()]).toEqual(['manifest.json', ...ENVS.sort().map((e) => `stacks/${e}/cdk.tf.json`)]);
});

test.each(ENVS)('%s stack runs in its own Terraform Cloud workspace', (env) => {
  expect(stack(env).terraform.cloud).toEqual({ organization: 'acme-platform', workspaces: { name: `platform-${env}` } });
});

test.each(ENVS)('%s provider is pinned to the environment account and tags everything', (env) => {
  const [aws] = stack(env).provider.aws;
  expect(aws.allowed_account_ids).toHaveLength(1);
  expect(aws.default_tags[0].tags).toEqual({ 'environment': env, 'project': 'platform', 'managed-by': 'cdktf' });
});

test('dev has a private subnet in each of its two zones, prod in each of three', () => {
  const zones = (env: string) => Object.values<any>(stack(env).resource.aws_subnet)
    .filter((s) => s.map_public_ip_on_launch === false).map((s) => s.availability_zone);
  expect(zones('dev')).toEqual(['us-west-2a', 'us-west-2b']);
  expect(zones('prod')).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
});

test('no stack refers to another: no remote state, no cross-stack outputs', () => {
  for (const env of ENVS) expect(JSON.stringify(stack(env))).not.toMatch(/terraform_remote_state|cross-stack/);
});
