import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { deployment, estate, k8sPath, network, service, stack } from './fixtures';
import { toMarkdown } from '../../review/format';
import { diffTrees } from '../../review/report';

const GOLDEN = join(__dirname, 'golden', 'report.md');
/** `npx jest test/review --ci=false -u` (or UPDATE_GOLDEN=1) rewrites the golden file. */
const updating = () => process.env.UPDATE_GOLDEN === '1' || (expect.getState() as any).snapshotState?._updateSnapshot === 'all';

/** Fixed inputs (not the repository's dist/), so that the golden file only moves when the report format does. */
function reportMarkdown(): string {
  const base = estate({ dev: '1.5.0', staging: '1.5.0', prod: '1.4.2' });
  const head = estate({ dev: '1.5.0', staging: '1.5.0', prod: '1.5.0' }, (env, list) => {
    if (env === 'dev') list.push(service('dev', 'api'));
  });
  head.set(k8sPath('prod', 'web', deployment({ env: 'prod' })), stringify(deployment({ env: 'prod', tag: '1.5.0', replicas: 2 })));
  head.set('terraform/stacks/prod/cdk.tf.json', stack('prod', network('prod', { vpcId: 'net_vpc_0A1B2C3D' })));
  const secret = (v: string) => stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password: v } });
  base.set('k8s/staging/web/secret.shop.db.yaml', secret('old-password'));
  head.set('k8s/staging/web/secret.shop.db.yaml', secret('new-password'));
  return toMarkdown(diffTrees(base, head, { base: 'merge-base(HEAD, main) (0123456789ab)', head: 'working tree' }));
}

test('the markdown report matches the golden file', () => {
  const md = reportMarkdown();
  if (updating()) {
    mkdirSync(dirname(GOLDEN), { recursive: true });
    writeFileSync(GOLDEN, md);
  }
  // a missing golden file is a failure, never written silently: write it on purpose with -u
  if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing: run npx jest test/review/golden.test.ts --ci=false -u and commit it`);
  expect(md).toBe(readFileSync(GOLDEN, 'utf8'));
  expect(md).not.toContain('password"');
  expect(md).not.toMatch(/old-password|new-password/);
});
