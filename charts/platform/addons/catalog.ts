import type { AddonDefinition } from './addon';
import { argoCd } from './argo-cd';
import { argoRollouts } from './argo-rollouts';
import { awsLoadBalancerController } from './aws-load-balancer-controller';
import { clusterAutoscaler } from './cluster-autoscaler';
import { externalDns } from './external-dns';
import { externalSecrets } from './external-secrets';
import { kubePrometheusStack } from './kube-prometheus-stack';
import { kyverno } from './kyverno';
import { loki } from './loki';
import { openTelemetryCollector } from './opentelemetry-collector';
import { tempo } from './tempo';
import { velero } from './velero';
import { verticalPodAutoscaler } from './vertical-pod-autoscaler';

/** Every platform add-on each cluster runs, one file per add-on's values. */
export const ADDONS: readonly AddonDefinition[] = [
  argoCd,
  externalSecrets,
  awsLoadBalancerController,
  externalDns,
  clusterAutoscaler,
  kubePrometheusStack,
  argoRollouts,
  kyverno,
  velero,
  verticalPodAutoscaler,
  tempo,
  loki,
  openTelemetryCollector,
];
