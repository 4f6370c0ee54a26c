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

interface PolicyRule {
  readonly name: string;
  readonly message: string;
  readonly pattern: Record<string, unknown>;
}

/**
 * Admission policies (Kyverno ClusterPolicies) that hold every pod of the application namespaces
 * to what the renderer already produces: a second line of defence against a hand-applied or
 * hand-edited manifest. Audit in dev, Enforce where the settings say so.
 */
export class PoliciesChart extends Chart {
  constructor(scope: Construct, id: string, props: PoliciesChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    const namespaces = applicationNamespaces(env.services);
    // the registry prefix every application image starts with
    const registry = ecrRepositoryUri(props.shared.registry, '').replace(/\/$/, '');

    const policy = (name: string, title: string, rule: PolicyRule) => new ApiObject(this, name, {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: {
        name,
        labels: platformLabels(env.name, 'policies'),
        annotations: { 'policies.kyverno.io/title': title, 'policies.kyverno.io/severity': 'high' },
      },
      spec: {
        validationFailureAction: props.settings.policyEnforcement,
        background: true,
        rules: [{
          name: rule.name,
          match: { any: [{ resources: { kinds: ['Pod'], namespaces } }] },
          validate: { message: rule.message, pattern: rule.pattern },
        }],
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
      pattern: { spec: { containers: [{ image: '!*:latest & *:*' }] } },
    });
    policy('restrict-image-registries', 'Restrict image registries', {
      name: 'shared-registry',
      message: `Images must come from the shared registry ${registry}.`,
      pattern: { spec: { containers: [{ image: `${registry}/*` }] } },
    });
    policy('require-non-root', 'Require non-root containers', {
      name: 'run-as-non-root',
      message: 'Pods must run as non-root without privilege escalation.',
      pattern: {
        spec: {
          securityContext: { runAsNonRoot: true },
          containers: [{ securityContext: { allowPrivilegeEscalation: false } }],
        },
      },
    });
  }
}
