import type { AddonDefinition } from './addon';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The vertical-pod-autoscaler chart values the platform sets. */
export interface VerticalPodAutoscalerValues {
  readonly updater: { readonly enabled: boolean };
  readonly admissionController: { readonly enabled: boolean };
}

export const verticalPodAutoscaler: AddonDefinition<VerticalPodAutoscalerValues> = {
  name: 'vertical-pod-autoscaler',
  chart: ADDON_CHARTS.verticalPodAutoscaler,
  namespace: 'kube-system',
  podSecurity: 'baseline',
  purpose: 'the VPA recommender (recommendations only: no updater, no admission controller)',
  usedBy: 'services with `verticalPodAutoscaler` (their VPAs run with updateMode "Off")',
  // recommendations only: services' VPAs run with updateMode "Off"
  values: () => ({ updater: { enabled: false }, admissionController: { enabled: false } }),
};
