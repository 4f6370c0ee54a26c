import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ecrRepositoryUri, platformLabels, applicationNamespaces } from '../../environments/naming';
import type { Environment, PlatformSettings, SharedConfig } from '../../environments/types';

/** Props of a {@link PoliciesChart}. */
export interface PoliciesChartProps {
  /** The environment. */
  readonly environment: Environment;
  /** Shared values (the registry the images must come from). */
  readonly shared: SharedConfig;
  /** Its platform settings (Audit or Enforce). */
  readonly settings: PlatformSettings;
}

/** One check of every pod: a Kyverno pattern over the pod (its `spec`). */
interface PodRule {
  readonly name: string;
  readonly message: string;
  /** The pattern of a Pod; the Rollout rule nests it under `spec.template`. */
  readonly pattern: { readonly spec: Record<string, unknown> };
}

/**
 * The controllers Kyverno generates Pod rules for (its autogen). Stated rather than left to the
 * default so the tests read what admission covers from the policy itself.
 */
export const AUTOGEN_CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'CronJob'] as const;

/** Argo Rollouts, which Kyverno's autogen does not know: each policy matches them with a rule of its own. */
export const ROLLOUT_KIND = 'argoproj.io/v1alpha1/Rollout';

/** The same container pattern for the containers and, when there are any, the init containers. */
function everyContainer(container: Record<string, unknown>): Record<string, unknown> {
  return { 'containers': [container], '=(initContainers)': [container] };
}

/**
 * Admission policies (Kyverno ClusterPolicies) that hold every pod of the application namespaces
 * to what the renderer already produces: a second line of defence against a hand-applied or
 * hand-edited manifest. Audit in dev, Enforce where the settings say so. Each policy has a Pod
 * rule (Kyverno generates its Deployment, Job, CronJob... variants) and a Rollout rule.
 */
export class PoliciesChart extends Chart {
  constructor(scope: Construct, id: string, props: PoliciesChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    const namespaces = applicationNamespaces(env.services);
    // the registry prefix every application image starts with
    const registry = ecrRepositoryUri(props.shared.registry, '').replace(/\/$/, '');

    const policy = (name: string, title: string, rule: PodRule) => new ApiObject(this, name, {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: {
        name,
        labels: platformLabels(env.name, 'policies'),
        annotations: {
          'policies.kyverno.io/title': title,
          'policies.kyverno.io/severity': 'high',
          'pod-policies.kyverno.io/autogen-controllers': AUTOGEN_CONTROLLERS.join(','),
        },
      },
      spec: {
        validationFailureAction: props.settings.policyEnforcement,
        background: true,
        rules: [
          {
            name: rule.name,
            match: { any: [{ resources: { kinds: ['Pod'], namespaces } }] },
            validate: { message: rule.message, pattern: rule.pattern },
          },
          {
            name: `${rule.name}-rollout`,
            match: { any: [{ resources: { kinds: [ROLLOUT_KIND], namespaces } }] },
            validate: { message: rule.message, pattern: { spec: { template: rule.pattern } } },
          },
        ],
      },
    });

    policy('require-requests-limits', 'Require requests and limits', {
      name: 'requests-and-limits',
      message: 'Every container needs CPU and memory requests and limits.',
      pattern: { spec: { containers: [{ resources: { requests: { cpu: '?*', memory: '?*' }, limits: { cpu: '?*', memory: '?*' } } }] } },
    });
    policy('disallow-latest-tag', 'Disallow the latest tag', {
      name: 'pinned-image',
      message: 'Images must be pinned by a tag other than latest, or by digest.',
      pattern: { spec: everyContainer({ image: '!*:latest & *:*' }) },
    });
    policy('restrict-image-registries', 'Restrict image registries', {
      name: 'shared-registry',
      message: `Images must come from the shared registry ${registry}.`,
      pattern: { spec: everyContainer({ image: `${registry}/*` }) },
    });
    policy('require-non-root', 'Require non-root containers', {
      name: 'run-as-non-root',
      message: 'Pods must run as non-root without privilege escalation.',
      pattern: {
        spec: {
          securityContext: { runAsNonRoot: true },
          ...everyContainer({ securityContext: { allowPrivilegeEscalation: false } }),
        },
      },
    });
    policy('require-drop-all-capabilities', 'Require dropping all capabilities', {
      name: 'drop-all-capabilities',
      message: 'Every container must drop ALL capabilities.',
      pattern: { spec: everyContainer({ securityContext: { capabilities: { drop: ['ALL'] } } }) },
    });
    if (env.tier === 'production') {
      // ECR tags of the shared registry are immutable; anything else must be pinned by digest
      policy('require-immutable-images', 'Require immutable images', {
        name: 'digest-or-immutable-registry',
        message: `Production images must come from the shared registry ${registry} (immutable tags) or by digest.`,
        pattern: { spec: everyContainer({ image: `${registry}/* | *@sha256:*` }) },
      });
    }
  }
}
