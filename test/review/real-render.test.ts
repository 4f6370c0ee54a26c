import { buildPlatform, defaultInput, type PlatformInput } from '../../environments/load';
import { renderAll } from '../../render/render';
import { diffTrees } from '../../review/report';
import { renderedTree } from '../helpers/render';

/**
 * The diff engine on the repository's real renders, built in memory from variations of the
 * environments' config (whatever services exist when the test runs).
 */
jest.setTimeout(120_000);

const input = defaultInput();
const render = (i: PlatformInput) => renderAll(buildPlatform(i));
let base: Map<string, string>;
// the repository's own render is the run's shared one
beforeAll(() => { base = renderedTree(); });

const without = <T extends object>(o: T, key: string): T => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key)) as T;

test('a removed service: its objects disappear in every environment, prod removals are flagged', () => {
  // a service no other catalog entry mentions (dependencies, callers)
  const victim = [...input.catalog].reverse().find((s) => !input.catalog.some((o) => o.name !== s.name && JSON.stringify(o).includes(`"${s.name}"`)));
  expect(victim).toBeDefined();
  const name = victim!.name;
  const head = render({
    ...input,
    catalog: input.catalog.filter((s) => s.name !== name),
    environments: input.environments.map((e) => ({ ...e, services: without(e.services, name) })),
    versions: Object.fromEntries(Object.entries(input.versions).map(([env, v]) => [env, without(v, name)])),
  });
  const r = diffTrees(base, head);
  const k8s = r.changes.filter((c) => c.side === 'kubernetes');
  expect(k8s.filter((c) => c.group === name).every((c) => c.change === 'removed')).toBe(true);
  for (const env of input.environments.map((e) => e.name)) {
    expect(k8s.some((c) => c.environment === env && c.group === name)).toBe(true);
  }
  const prodRemovals = k8s.filter((c) => c.environment === 'prod' && c.change === 'removed').map((c) => c.id).sort();
  expect(r.risks.filter((f) => f.rule === 'removed-in-prod').map((f) => f.id).sort()).toEqual(prodRemovals);
  expect(r.risks.filter((f) => f.rule === 'removed-in-prod' && f.environment !== 'prod')).toEqual([]);
});

test('a replica change: lowering prod capacity is flagged, raising it is not', () => {
  const prod = input.environments.find((e) => e.name === 'prod')!;
  // lower the first service whose floor can go down (fixed replicas, or the HPA minimum)
  let head: Map<string, string> | undefined;
  let service = '';
  for (const [name, s] of Object.entries(prod.services)) {
    const lowered = s.autoscaling
      ? { ...s, autoscaling: { ...s.autoscaling, minReplicas: s.autoscaling.minReplicas - 1 } }
      : { ...s, replicas: s.replicas - 1 };
    try {
      const environments = input.environments.map((e) => (e === prod ? { ...e, services: { ...e.services, [name]: lowered } } : e));
      head = render({ ...input, environments });
      service = name;
      break;
    } catch { /* the validation refuses this floor; try the next service */ }
  }
  expect(head).toBeDefined();
  const r = diffTrees(base, head!);
  expect(r.changes.every((c) => c.environment === 'prod' && c.change === 'changed')).toBe(true);
  const drops = r.risks.filter((f) => f.rule === 'capacity-drop');
  expect(drops.length).toBeGreaterThan(0);
  expect(drops.every((f) => f.group === service)).toBe(true);
  expect(drops[0].reason).toMatch(/(replicas|HPA minimum replicas) drops from \d+ to \d+/);
  expect(diffTrees(head!, base).risks.filter((f) => f.rule === 'capacity-drop')).toEqual([]);
});
