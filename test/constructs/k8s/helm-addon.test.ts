import { Testing } from 'cdk8s';
import { HelmAddon, type HelmAddonProps } from '../../../constructs/k8s/helm-addon';

const base: HelmAddonProps<{ replicas: number; rbac?: { create: boolean } }> = {
  chart: { repoUrl: 'https://charts.example.com', chart: 'thing', version: '1.2.3' },
  namespace: 'thing',
  values: { replicas: 2, rbac: { create: true } },
  argocdNamespace: 'argocd',
  project: 'platform',
  labels: { team: 'platform' },
};

function synth(props: Partial<HelmAddonProps<{ replicas: number; rbac?: { create: boolean } }>> = {}): any {
  const chart = Testing.chart();
  new HelmAddon(chart, 'thing', { ...base, ...props });
  return Testing.synth(chart)[0];
}

test('an Application of the pinned chart with the typed values, released under the construct id, in the operators wave', () => {
  const app = synth();
  expect(app.spec.source).toEqual({
    repoURL: 'https://charts.example.com',
    chart: 'thing',
    targetRevision: '1.2.3',
    helm: { releaseName: 'thing', valuesObject: { replicas: 2, rbac: { create: true } } },
  });
  expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
  expect(app.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
});

test('the IRSA role lands on the ServiceAccount at the chart\'s values path, next to values already there', () => {
  const app = synth({ serviceAccount: { name: 'thing-sa', roleArn: 'arn:aws:iam::111111111111:role/x', valuesPath: ['rbac', 'serviceAccount'] } });
  expect(app.spec.source.helm.valuesObject.rbac).toEqual({
    create: true,
    serviceAccount: { name: 'thing-sa', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111111111111:role/x' } },
  });
  expect(synth({ serviceAccount: { name: 's', roleArn: 'r' } }).spec.source.helm.valuesObject.serviceAccount).toEqual({
    name: 's', annotations: { 'eks.amazonaws.com/role-arn': 'r' },
  });
});

test('kube-system is neither created nor labelled; cascade delete can be turned off', () => {
  const app = synth({ namespace: 'kube-system', cascadeDelete: false });
  expect(app.spec.syncPolicy.managedNamespaceMetadata).toBeUndefined();
  expect(app.spec.syncPolicy.syncOptions).not.toContain('CreateNamespace=true');
  expect(app.metadata.finalizers).toBeUndefined();
});
