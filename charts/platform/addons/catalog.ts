import type { AddonDefinition } from './addon';
import { argoCd } from './argo-cd';
import { argoRollouts } from './argo-rollouts';
import { awsLoadBalancerController } from './aws-load-balancer-controller';
import { certManager } from './cert-manager';
import { clusterAutoscaler } from './cluster-autoscaler';
import { externalDns } from './external-dns';
import { externalSecrets } from './external-secrets';
import { ingressNginx } from './ingress-nginx';
import { kubePrometheusStack } from './kube-prometheus-stack';
import { kyverno } from './kyverno';
import { velero } from './velero';
import { verticalPodAutoscaler } from './vertical-pod-autoscaler';

/** Every platform add-on each cluster runs, one file per add-on's values. */
export const ADDONS: readonly AddonDefinition[] = [
  argoCd,
  certManager,
  externalSecrets,
  ingressNginx,
  awsLoadBalancerController,
  externalDns,
  clusterAutoscaler,
  kubePrometheusStack,
  argoRollouts,
  kyverno,
  velero,
  verticalPodAutoscaler,
];
