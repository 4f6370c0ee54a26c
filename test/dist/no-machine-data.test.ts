/**
 * dist/ holds no absolute path of this machine, no user name and no host name. That a render
 * carries no date and is byte-identical across clocks, working directories, time zones and locales
 * is test/apps/determinism.test.ts's.
 */
import { homedir, hostname, tmpdir, userInfo } from 'node:os';
import { scanForMachineData, specificName, type MachineFacts } from './scanners';
import { DIST, readTree, ROOT } from '../helpers/repo';

const facts: MachineFacts = {
  paths: [...new Set([ROOT, tmpdir(), homedir(), process.cwd()])].filter((p) => p.length > 4),
  user: specificName(userInfo().username),
  host: specificName(hostname()),
};

test('no file of dist/ names this machine, its user or its folders', () => {
  const dist = readTree(DIST);
  expect(dist.size).toBeGreaterThan(0);
  const findings = [...dist].flatMap(([file, content]) => [
    ...scanForMachineData(file, content, facts),
    // the file names too
    ...scanForMachineData(`${file} (name)`, file, facts),
  ]);
  expect(findings).toEqual([]);
});

const FIXTURES = { paths: ['/srv/checkout/platform'], user: 'jdoe', host: 'build-7f3a9c', today: '2031-02-03' };

test.each<[string, string]>([
  ['absolute path', '{"source": "/tmp/platform-cdktf-x1y2/stacks/dev"}'],
  ['absolute path', 'annotations:\n  source: /work/main/charts/service-chart.ts\n'],
  ['absolute path', 'workdir: "/home/jdoe/src"'],
  ['absolute path', '{"x": "/root/.cdktf/cache"}'],
  ['absolute path', '{"x": "/Users/jane/platform"}'],
  ['absolute path', '{"x": "C:\\\\Users\\\\jane"}'],
  ['absolute path', '{"x": "file:///srv/x"}'],
  ['absolute path', '{"x": "/srv/checkout/platform/apps"}'],
  ['user name', 'metadata:\n  annotations:\n    rendered-by: jdoe\n'],
  ['host name', '{"comment": "rendered on build-7f3a9c"}'],
  ['date of the render', '{"timestamp": "2031-02-03T10:00:00Z"}'],
])('detector "%s" fires on %j', (detector, content) => {
  expect(scanForMachineData('k8s/dev/web/x.yaml', content, FIXTURES).map((f) => f.detector)).toContain(detector);
});

test('paths inside containers and AWS names are not machine data', () => {
  const yaml = 'volumeMounts:\n  - mountPath: /tmp/cache\n    name: tmp\npath: /irsa/\narn: arn:aws:iam::1:role/irsa/dev-shop-web\nurl: https://example.com/home/x\n';
  expect(scanForMachineData('k8s/dev/web/deployment.shop.web.yaml', yaml, FIXTURES)).toEqual([]);
  expect(specificName('root')).toBeUndefined();
  expect(specificName('jdoe')).toBe('jdoe');
});
