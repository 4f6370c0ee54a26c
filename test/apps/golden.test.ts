import { parse } from 'yaml';
import { buildPlatform, defaultInput } from '../../environments/load';
import { renderAll } from '../../render/render';
import { RENDER_MARKER } from '../../render/writer';
import { withSettings } from '../helpers/input';
import { renderedTree } from '../helpers/render';
import { compareTrees, describeDifference, DIST, readBytes } from '../helpers/repo';

/**
 * The one byte-for-byte check of dist/: the committed files are exactly what the code renders
 * (`npm run synth` writes the same bytes as this in-process render: test/cli/launch.test.ts).
 */
const all = readBytes(DIST);
/** The committed render, without the writer's marker (test/render/writer.test.ts covers it). */
const bytes = new Map([...all].filter(([f]) => f !== RENDER_MARKER));
const committed = new Map([...bytes].map(([f, b]) => [f, b.toString('utf8')]));

test('the committed dist/ is byte for byte what the code renders', () => {
  const fresh = renderedTree();
  // a non-empty report names each stale, missing or extra file and says how to fix it
  expect(describeDifference(compareTrees(committed, fresh))).toBe('');
  // bytes, not decoded text: a BOM or an invalid UTF-8 sequence in dist/ would survive decoding
  const differing = [...fresh].filter(([file, content]) => !Buffer.from(content, 'utf8').equals(bytes.get(file)!)).map(([file]) => file);
  expect(differing).toEqual([]);
  expect(fresh.size).toBeGreaterThan(0);
  expect(all.has(RENDER_MARKER)).toBe(true);
});

test('a config change without a re-render fails the golden check and names the stale file', () => {
  // one more replica for a service that sets its replicas itself (no HPA) in the first environment
  const input = defaultInput();
  const env = input.environments[0];
  const [service, settings] = Object.entries(env.services).find(([, s]) => !s.autoscaling)!;
  const fresh = renderAll(buildPlatform(withSettings(input, env.name, service, (s) => ({ ...s, replicas: settings.replicas + 1 }))));
  const diff = compareTrees(committed, fresh);
  expect(diff.missing).toEqual([]);
  expect(diff.extra).toEqual([]);
  // the service's workload, and what is sized from it (such as its namespace's quota), in that environment only
  const workload = diff.stale.filter((f) => f.startsWith(`k8s/${env.name}/${service}/`));
  expect(workload).toHaveLength(1);
  expect(parse(fresh.get(workload[0])!)).toMatchObject({ kind: expect.stringMatching(/^(Deployment|Rollout)$/), spec: { replicas: settings.replicas + 1 } });
  expect(diff.stale.filter((f) => !f.startsWith(`k8s/${env.name}/`))).toEqual([]);
  expect(describeDifference(diff)).toBe(['dist/ is not what the code renders; run npm run synth and commit dist/',
    ...diff.stale.map((f) => `stale:   dist/${f}`)].join('\n'));
});
