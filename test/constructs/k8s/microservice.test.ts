import { Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { Microservice, type MicroserviceProps, pinnedImage } from '../../../constructs/k8s/microservice';
import { configChecksum } from '../../../constructs/k8s/pod-template';

const labels = { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'shop' };
const base: MicroserviceProps = {
  name: 'shop',
  namespace: 'retail',
  labels: { ...labels, team: 'retail' },
  selectorLabels: labels,
  image: { repository: '111111111111.dkr.ecr.us-west-2.amazonaws.com/platform/shop', tag: '1.0.0' },
  port: 8080,
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  network: {},
  networkPolicyNames: { ingress: 'shop-ingress', egress: 'shop-egress' },
};

/** Synthesizes one Microservice and returns its objects. */
function synth(props: Partial<MicroserviceProps> = {}): any[] {
  const chart = Testing.chart();
  new Microservice(chart, 'shop', { ...base, ...props });
  // the checks run before synthesis, as the render runs them
  const errors = chart.node.findAll().flatMap((c) => c.node.validate());
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return Testing.synth(chart);
}
const find = (objs: any[], kind: string, name = 'shop') => objs.find((o) => o.kind === kind && o.metadata.name === name);
const container = (objs: any[]) => (find(objs, 'Deployment') ?? find(objs, 'Rollout')).spec.template.spec.containers[0];

describe('images are pinned', () => {
  test.each(['latest', '', 'v1 beta'])('the tag %j is refused', (tag) => {
    expect(() => synth({ image: { ...base.image, tag } })).toThrow(`image ${base.image.repository} must be pinned by tag or digest, got "${tag}"`);
  });
  test('a digest pins with @', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(pinnedImage({ repository: 'r', tag: digest })).toBe(`r@${digest}`);
    expect(container(synth({ image: { ...base.image, tag: digest } })).image).toBe(`${base.image.repository}@${digest}`);
  });
});

test('the minimal props render a restricted Deployment, ConfigMap, ServiceAccount, Service, ServiceMonitor, PDB and two policies', () => {
  const objs = synth();
  expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
    'ConfigMap/shop', 'Deployment/shop', 'NetworkPolicy/shop-egress', 'NetworkPolicy/shop-ingress',
    'PodDisruptionBudget/shop', 'Service/shop', 'ServiceAccount/shop', 'ServiceMonitor/shop',
  ]);
  expect(find(objs, 'Deployment').spec.replicas).toBe(1);
  expect(find(objs, 'PodDisruptionBudget').spec).toEqual({ selector: { matchLabels: labels }, maxUnavailable: 1 });
  expect(find(objs, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  expect(container(objs).startupProbe).toBeUndefined();
});

test('an HPA owns the replicas: the Deployment renders none', () => {
  const objs = synth({ replicas: 4, autoscaling: { minReplicas: 2, maxReplicas: 5 } });
  expect(find(objs, 'Deployment').spec).not.toHaveProperty('replicas');
  expect(find(objs, 'HorizontalPodAutoscaler').spec).toMatchObject({
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' }, minReplicas: 2, maxReplicas: 5,
  });
});

describe('the config checksum', () => {
  const checksum = (config: Record<string, string>) => find(synth({ config }), 'Deployment').spec.template.metadata.annotations['checksum/config'];
  test('is the sha256 of the data, independent of key order', () => {
    expect(checksum({ A: '1', B: '2' })).toBe(checksum({ B: '2', A: '1' }));
    expect(checksum({ A: '1' })).toBe(configChecksum({ A: '1' }));
    expect(configChecksum({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
  test('changes when a value changes, so the pods roll', () => {
    expect(checksum({ A: '1' })).not.toBe(checksum({ A: '2' }));
  });
});

describe('a PodDisruptionBudget that would block drains is refused', () => {
  test('minAvailable equal to the only replica', () => {
    expect(() => synth({ replicas: 1, disruptionBudget: { minAvailable: 1 } }))
      .toThrow('retail/shop: the PodDisruptionBudget would block node drains with 1 replica(s)');
  });
  test('maxUnavailable 0', () => {
    expect(() => synth({ replicas: 3, disruptionBudget: { maxUnavailable: 0 } })).toThrow('would block node drains');
  });
  test('minAvailable below the fewest autoscaled replicas is fine', () => {
    const objs = synth({ autoscaling: { minReplicas: 3, maxReplicas: 6 }, disruptionBudget: { minAvailable: 2 } });
    expect(find(objs, 'PodDisruptionBudget').spec.minAvailable).toBe(2);
  });
});

test('a uid of 0 is refused', () => {
  expect(() => synth({ user: 0 })).toThrow('shop: the pod must run as a non-zero uid, got 0');
});

test('API access mounts the token and grants get/watch on exactly the named objects', () => {
  const objs = synth({ apiAccess: { configMaps: ['b', 'a'], secrets: ['s'] } });
  expect(find(objs, 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(true);
  expect(find(objs, 'ServiceAccount').automountServiceAccountToken).toBe(true);
  expect(find(objs, 'Role').rules).toEqual([
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'], verbs: ['get', 'watch'] },
    { apiGroups: [''], resources: ['secrets'], resourceNames: ['s'], verbs: ['get', 'watch'] },
  ]);
});

test('an AWS role ARN becomes the IRSA annotation, with the regional STS endpoint the VPC endpoint answers', () => {
  const arn = 'arn:aws:iam::222222222222:role/irsa/dev-retail-shop';
  expect(find(synth({ awsRoleArn: arn }), 'ServiceAccount').metadata.annotations)
    .toEqual({ 'eks.amazonaws.com/role-arn': arn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' });
});

test('a startup timeout becomes a startup probe that covers it', () => {
  const probe = container(synth({ startupTimeout: Duration.seconds(62) })).startupProbe;
  expect(probe).toEqual({ httpGet: { path: '/health', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 13 });
});

test('a canary renders an Argo Rollout; a step without a pause duration waits for promotion', () => {
  const objs = synth({ strategy: { type: 'canary', steps: [{ weight: 20, pause: Duration.minutes(1) }, { weight: 60 }] } });
  expect(find(objs, 'Deployment')).toBeUndefined();
  const rollout = find(objs, 'Rollout');
  expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
  expect(rollout.spec.strategy.canary.steps).toEqual([{ setWeight: 20 }, { pause: { duration: '60s' } }, { setWeight: 60 }, { pause: {} }]);
  expect(rollout.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
});

test('blue-green adds the preview Service next to the active one', () => {
  const objs = synth({ strategy: { type: 'blueGreen', autoPromote: true, previewServiceName: 'shop-preview' } });
  expect(find(objs, 'Rollout').spec.strategy.blueGreen).toMatchObject({ activeService: 'shop', previewService: 'shop-preview', autoPromotionEnabled: true });
  expect(find(objs, 'Service', 'shop-preview').spec.selector).toEqual(labels);
});

test('a public service gets its Ingress and admits an in-cluster ingress controller; DNS egress comes first', () => {
  const objs = synth({
    ingress: { host: 'shop.example.com', className: 'nginx', tlsSecretName: 'shop-tls' },
    network: { ingressControllerNamespace: 'ingress-nginx', allowToCidrs: [{ name: 'db', cidr: '10.0.0.0/24', port: 5432 }] },
  });
  expect(find(objs, 'Ingress').spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
  expect(find(objs, 'Ingress').metadata.annotations).toBeUndefined();
  expect(find(objs, 'NetworkPolicy', 'shop-ingress').spec.ingress).toEqual([
    { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
  ]);
  const egress = find(objs, 'NetworkPolicy', 'shop-egress');
  expect(egress.spec.egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  expect(egress.spec.egress[1]).toEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ port: 5432, protocol: 'TCP' }] });
  expect(egress.metadata.annotations).toEqual({ 'platform.acme.io/external-endpoints': 'db=10.0.0.0/24:5432' });
});

test('a VPA is added in recommendation mode only when asked for', () => {
  expect(find(synth(), 'VerticalPodAutoscaler')).toBeUndefined();
  expect(find(synth({ verticalPodAutoscaler: true }), 'VerticalPodAutoscaler').spec).toEqual({
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
    updatePolicy: { updateMode: 'Off' },
    resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'] }] },
  });
});

test('rendering twice gives the same objects', () => {
  expect(JSON.stringify(synth({ config: { A: '1' } }))).toBe(JSON.stringify(synth({ config: { A: '1' } })));
});

describe('a second team can use it', () => {
  test('the fewest props render a working service: names, labels and policies default from the id and the chart namespace', () => {
    const chart = new Chart(Testing.app(), 'team', { namespace: 'payments' });
    const m = new Microservice(chart, 'ledger', { image: base.image, port: 8080, resources: base.resources });
    const objs = Testing.synth(chart);
    expect(m.name).toBe('ledger');
    expect(m.namespace).toBe('payments');
    const selector = { 'app.kubernetes.io/name': 'ledger', 'app.kubernetes.io/instance': 'ledger' };
    expect(find(objs, 'Deployment', 'ledger').spec.selector.matchLabels).toEqual(selector);
    expect(find(objs, 'Service', 'ledger').spec.selector).toEqual(selector);
    expect(objs.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort()).toEqual(['ledger-egress', 'ledger-ingress']);
  });

  test('children are exposed, so an escape hatch reaches what the props do not cover', () => {
    const chart = Testing.chart();
    const m = new Microservice(chart, 'shop', base);
    m.deployment!.addJsonPatch(JsonPatch.add('/spec/minReadySeconds', 10));
    m.service.metadata.addAnnotation('team', 'retail');
    expect(m.rollout).toBeUndefined();
    expect(m.workload).toBe(m.deployment);
    const objs = Testing.synth(chart);
    expect(find(objs, 'Deployment').spec.minReadySeconds).toBe(10);
    expect(find(objs, 'Service').metadata.annotations).toEqual({ team: 'retail' });
    expect([m.configMap, m.serviceAccount, m.serviceMonitor, m.disruptionBudget, m.networkPolicies].every((c) => c !== undefined)).toBe(true);
  });

  test('probe paths, the Service port, the checksum annotation and Ingress annotations are props', () => {
    const objs = synth({
      probes: { livenessPath: '/livez', readinessPath: '/readyz' },
      startupTimeout: Duration.seconds(30),
      servicePort: 8081,
      configChecksumAnnotation: 'example.com/config-hash',
      ingress: { host: 'shop.example.com', className: 'alb', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } },
    });
    expect(container(objs).livenessProbe.httpGet.path).toBe('/livez');
    expect(container(objs).startupProbe.httpGet.path).toBe('/livez');
    expect(container(objs).readinessProbe.httpGet.path).toBe('/readyz');
    expect(find(objs, 'Service').spec.ports[0]).toMatchObject({ name: 'http', port: 8081, targetPort: 8080 });
    expect(Object.keys(find(objs, 'Deployment').spec.template.metadata.annotations)).toEqual(['example.com/config-hash']);
    const ingress = find(objs, 'Ingress');
    expect(ingress.metadata.annotations).toEqual({ 'alb.ingress.kubernetes.io/scheme': 'internet-facing' });
    // no TLS secret named: the tls section lists the host and the controller finds its certificate
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'] }]);
  });

  test('wrong props are reported by the construct tree\'s validation, all at once', () => {
    const chart = Testing.chart();
    new Microservice(chart, 'shop', { ...base, metricsPort: 8080, autoscaling: { minReplicas: 3, maxReplicas: 2 } });
    const errors = chart.node.findAll().flatMap((c) => c.node.validate());
    expect(errors).toEqual([
      'retail/shop: http and metrics share port 8080',
      'retail/shop: autoscaling minReplicas 3 > maxReplicas 2',
    ]);
  });
});

describe('release analysis', () => {
  const analysis = {
    prometheusAddress: 'http://prometheus:9090',
    metrics: [{ name: 'success-ratio', query: 'ratio{hash="{{args.canary-hash}}"}', successCondition: 'result[0] >= 0.99' }],
  };

  test('a canary runs the template in the background from its first step, on the new version\'s pod-template hash', () => {
    const objs = synth({ analysis, strategy: { type: 'canary', steps: [{ weight: 20, pause: Duration.minutes(1) }] } });
    const template = find(objs, 'AnalysisTemplate', 'shop-release');
    expect(template.spec.args).toEqual([{ name: 'canary-hash' }]);
    expect(template.spec.metrics[0]).toMatchObject({ name: 'success-ratio', failureLimit: 1, successCondition: 'result[0] >= 0.99' });
    expect(template.spec.metrics[0]).not.toHaveProperty('count');
    expect(find(objs, 'Rollout').spec.strategy.canary.analysis).toEqual({
      templates: [{ templateName: 'shop-release' }],
      args: [{ name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
    });
    expect(find(objs, 'ServiceMonitor').spec.podTargetLabels).toEqual(['rollouts-pod-template-hash']);
  });

  test('blue-green runs it a fixed number of times before promotion, and scrapes the preview pods too', () => {
    const objs = synth({ analysis, strategy: { type: 'blueGreen', autoPromote: true } });
    expect(find(objs, 'AnalysisTemplate', 'shop-release').spec.metrics[0].count).toBe(5);
    expect(find(objs, 'Rollout').spec.strategy.blueGreen.prePromotionAnalysis.templates).toEqual([{ templateName: 'shop-release' }]);
    expect(find(objs, 'Rollout').spec.strategy.blueGreen.postPromotionAnalysis.templates).toEqual([{ templateName: 'shop-release' }]);
    expect(find(objs, 'Service', 'shop-preview')).toBeDefined();
    expect(find(objs, 'ServiceMonitor')).toBeUndefined();
    expect(find(objs, 'PodMonitor').spec.selector.matchLabels).toEqual(labels);
  });

  test('a rolling release with an analysis is a Rollout: every pod replaced with a surge, then measured a fixed number of times', () => {
    const objs = synth({ analysis, autoscaling: { minReplicas: 2, maxReplicas: 4 }, verticalPodAutoscaler: true });
    expect(find(objs, 'Deployment')).toBeUndefined();
    const run = { templates: [{ templateName: 'shop-release' }], args: [{ name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } }] };
    expect(find(objs, 'Rollout').spec.strategy).toEqual({
      canary: { maxSurge: '25%', maxUnavailable: 0, analysis: run, steps: [{ setWeight: 100 }, { analysis: run }] },
    });
    expect(find(objs, 'AnalysisTemplate', 'shop-release').spec.metrics[0].count).toBe(5);
    const target = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'shop' };
    expect(find(objs, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual(target);
    expect(find(objs, 'VerticalPodAutoscaler').spec.targetRef).toEqual(target);
    expect(find(objs, 'ServiceMonitor').spec.podTargetLabels).toEqual(['rollouts-pod-template-hash']);
  });
});

describe('the ALB edge', () => {
  const analysis = {
    prometheusAddress: 'http://prometheus:9090',
    metrics: [{ name: 'success-ratio', query: 'ratio{hash="{{args.canary-hash}}"}', successCondition: 'result[0] >= 0.99' }],
  };
  const alb = { host: 'shop.example.com', alb: { groupName: 'platform-dev' } };
  const publicSubnets = [{ name: 'alb', cidr: '10.10.224.0/22', port: 0 }, { name: 'alb', cidr: '10.10.228.0/22', port: 0 }];

  test('secure defaults: internet-facing, pod IPs, HTTPS 443 only, TLS 1.2+, invalid headers dropped, one group, readiness health check', () => {
    const ingress = find(synth({ ingress: alb, probes: { readinessPath: '/ok' } }), 'Ingress');
    expect(ingress.metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      'alb.ingress.kubernetes.io/load-balancer-attributes': 'routing.http.drop_invalid_header_fields.enabled=true',
      'alb.ingress.kubernetes.io/group.name': 'platform-dev',
      'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
      'alb.ingress.kubernetes.io/healthcheck-path': '/ok',
    });
    // no Secret: the controller finds the ACM certificate by the host
    expect(ingress.spec).toMatchObject({ ingressClassName: 'alb', tls: [{ hosts: ['shop.example.com'] }] });
  });

  test('a canary weighted at the ALB: canary and stable Services, the Ingress routes by the action annotation', () => {
    const objs = synth({ analysis, ingress: alb, trafficRouting: 'alb', strategy: { type: 'canary', steps: [{ weight: 10 }] } });
    const canary = find(objs, 'Rollout').spec.strategy.canary;
    expect(canary).toMatchObject({
      canaryService: 'shop-canary',
      stableService: 'shop-stable',
      trafficRouting: { alb: { ingress: 'shop', rootService: 'shop', servicePort: 80 } },
    });
    for (const name of ['shop-canary', 'shop-stable']) {
      const service = find(objs, 'Service', name);
      expect(service.spec.selector).toEqual(labels);
      expect(service.spec.ports.map((p: any) => p.name)).toEqual(['http']);
      // not selected by the ServiceMonitor: each pod is scraped once
      expect(service.metadata.labels['app.kubernetes.io/instance']).toBe(name);
    }
    expect(find(objs, 'Ingress').spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'shop', port: { name: 'use-annotation' } } });
  });

  test('blue-green behind the ALB switches the active Service the Ingress names', () => {
    const objs = synth({ analysis, ingress: alb, strategy: { type: 'blueGreen', autoPromote: false } });
    expect(find(objs, 'Ingress').spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'shop', port: { number: 80 } } });
    expect(find(objs, 'Rollout').spec.strategy.blueGreen.activeService).toBe('shop');
    expect(find(objs, 'Service', 'shop-canary')).toBeUndefined();
  });

  test('the load balancer\'s subnets are admitted on the container port only', () => {
    const objs = synth({ ingress: alb, network: { allowFromCidrs: publicSubnets } });
    expect(find(objs, 'NetworkPolicy', 'shop-ingress').spec.ingress).toEqual(publicSubnets.map((c) => ({
      from: [{ ipBlock: { cidr: c.cidr } }], ports: [{ port: 8080, protocol: 'TCP' }],
    })));
  });

  test('misuse is refused, every problem at once', () => {
    expect(() => synth({ trafficRouting: 'alb', strategy: { type: 'blueGreen', autoPromote: true } })).toThrow(
      'retail/shop: trafficRouting \'alb\' needs an ingress with alb settings (the ALB weighs the requests)\n'
      + 'retail/shop: trafficRouting \'alb\' weighs canary and rolling releases; blue-green switches its active Service');
    expect(() => synth({ trafficRouting: 'alb', ingress: alb })).toThrow('needs an analysis (without one it is a Deployment)');
  });
});
