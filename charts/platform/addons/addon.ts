import type { HelmAddonServiceAccount, PinnedHelmChart, PodSecurityLevel } from '../../../constructs/k8s/helm-addon';
import type { AddonServiceAccount } from '../../../environments/naming';
import type { GitOpsConfig } from '../../../environments/platform';
import type { Environment, PlatformSettings } from '../../../environments/types';

/** What an add-on's values may depend on. */
export interface AddonContext {
  /** The environment. */
  readonly environment: Environment;
  /** Its platform settings. */
  readonly settings: PlatformSettings;
  /** Where Argo CD reads this repository. */
  readonly gitops: GitOpsConfig;
  /** Whether the environment is production (more replicas, HA). */
  readonly production: boolean;
}

/**
 * One platform add-on: a pinned upstream chart, where it runs and the values the platform sets.
 * `V` is the typed subset of the chart's values the platform sets, so a misspelt key fails to
 * compile.
 */
export interface AddonDefinition<V extends object = object> {
  /** Release name; the Application is `<env>-<name>`. */
  readonly name: string;
  /** The pinned chart. */
  readonly chart: PinnedHelmChart;
  /** Namespace it runs in. */
  readonly namespace: string;
  /** Pod Security level its namespace enforces. */
  readonly podSecurity: PodSecurityLevel;
  /** What it does, one line (README's "What runs in each cluster"). */
  readonly purpose: string;
  /** What in the cluster relies on it, one line (README's "What runs in each cluster"). */
  readonly usedBy: string;
  /**
   * The ServiceAccount that gets an IRSA role (its name and namespace are the naming rules'
   * entry the Terraform side creates the role for) and where its values live.
   * @default - no AWS role
   */
  readonly irsa?: { readonly serviceAccount: AddonServiceAccount; readonly valuesPath?: HelmAddonServiceAccount['valuesPath'] };
  /**
   * Sync wave of its Application.
   * @default WAVE.OPERATORS
   */
  readonly wave?: number;
  /**
   * Deleting its Application deletes what it deployed.
   * @default true
   */
  readonly cascadeDelete?: boolean;
  /** The chart's values in an environment. */
  values(context: AddonContext): V;
}

/** The context an environment's add-on values are computed in. */
export function addonContext(environment: Environment, settings: PlatformSettings, gitops: GitOpsConfig): AddonContext {
  return { environment, settings, gitops, production: environment.tier === 'production' };
}
