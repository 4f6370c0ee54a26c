import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { all, has, synth } from './synth';
import { IrsaRole, type IrsaRoleProps } from '../../../constructs/aws/irsa-role';

const props: IrsaRoleProps = {
  name: 'dev-shop-web',
  path: '/irsa/',
  oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/X',
  oidcIssuerHostPath: 'oidc.eks.us-west-2.amazonaws.com/id/X',
  namespace: 'shop',
  serviceAccount: 'web',
  statements: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' }],
};

test('trusted only by one ServiceAccount through the OIDC provider, with sub and aud conditions', () => {
  const { json, resources } = synth((s) => new IrsaRole(s, 'r', props));
  expect(has(json, IamRole.tfResourceType, { name: 'dev-shop-web', path: '/irsa/' })).toBe(true);
  const trust = JSON.parse(all(resources, IamRole.tfResourceType)[0].assume_role_policy);
  expect(trust.Statement).toEqual([{
    Effect: 'Allow',
    Principal: { Federated: props.oidcProviderArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        'oidc.eks.us-west-2.amazonaws.com/id/X:sub': 'system:serviceaccount:shop:web',
        'oidc.eks.us-west-2.amazonaws.com/id/X:aud': 'sts.amazonaws.com',
      },
    },
  }]);
});

test('one inline policy with exactly the given statements', () => {
  const { resources } = synth((s) => new IrsaRole(s, 'r', props));
  const [policy] = all(resources, IamRolePolicy.tfResourceType);
  expect(policy.policy).toContain('s3:GetObject');
  expect(policy.policy).toContain('arn:aws:s3:::b/*');
});

test('a role without permissions is refused', () => {
  expect(() => synth((s) => new IrsaRole(s, 'r', { ...props, statements: [] }))).toThrow(/without permissions/);
});

test('snapshot', () => {
  expect(synth((s) => new IrsaRole(s, 'r', props)).json).toMatchSnapshot();
});
