import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import type { PolicyStatement } from './encryption-key';

/** Props of an {@link IrsaRole}. */
export interface IrsaRoleProps {
  /** Role name. */
  readonly name: string;
  /**
   * IAM path of the role.
   * @default '/'
   */
  readonly path?: string;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The provider's issuer without `https://`: the prefix of the `:sub` and `:aud` condition keys. */
  readonly oidcIssuerHostPath: string;
  /** Namespace of the only ServiceAccount that may assume the role. */
  readonly namespace: string;
  /** Name of that ServiceAccount. */
  readonly serviceAccount: string;
  /** What the role may do: the statements of its one inline policy (specific actions and resources). */
  readonly statements: readonly PolicyStatement[];
  /**
   * Extra tags of the role, e.g. why a statement needs a sensitive action.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Longest session, in seconds.
   * @default 3600
   */
  readonly maxSessionDuration?: number;
}

/**
 * An IAM role for one Kubernetes ServiceAccount (IRSA): trusted only through the cluster's OIDC
 * provider, only for tokens whose `sub` is `system:serviceaccount:<namespace>:<serviceAccount>` and
 * whose `aud` is STS, with one least-privilege inline policy.
 */
export class IrsaRole extends Construct {
  /** The role. */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    if (props.statements.length === 0) throw new Error(`IrsaRole ${props.name}: a role without permissions is not needed`);
    this.role = new IamRole(this, 'role', {
      name: props.name,
      path: props.path ?? '/',
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      // JSON text rather than jsonencode: the condition keys start with the issuer, known only at
      // apply time, and HCL object keys cannot be interpolated; a string template can.
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: props.oidcProviderArn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${props.oidcIssuerHostPath}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccount}`,
              [`${props.oidcIssuerHostPath}:aud`]: 'sts.amazonaws.com',
            },
          },
        }],
      }),
      tags: { ...props.tags, 'kubernetes-namespace': props.namespace, 'kubernetes-service-account': props.serviceAccount },
    });
    new IamRolePolicy(this, 'policy', {
      name: 'least-privilege',
      role: this.role.id,
      // data serialised once: JSON.stringify escapes quotes and backslashes, so no value can
      // close a string and add a statement; values from the config arrive here already through
      // terraformLiteral, references of this stack (ARNs) as `${...}` on purpose
      policy: JSON.stringify({ Version: '2012-10-17', Statement: props.statements }),
    });
  }
}
