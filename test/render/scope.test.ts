import { loadPlatform } from '../../environments/load';
import { renderInScope } from '../../render/render-scope';
import { pathInScope, scopePrefixes, type RenderScope } from '../../render/scope';
import { renderedTree } from '../helpers/render';

const platform = loadPlatform();
const full = renderedTree();
const environments = platform.environments.map((e) => e.name);
const inScope = (scope: RenderScope) => new Map([...full].filter(([p]) => pathInScope(scope, p)));

test.each(environments)('--env %s renders exactly its folders of the full render, byte for byte', async (env) => {
  const scope = { environments: [env] };
  const scoped = await renderInScope(platform, scope);
  expect([...scoped]).toEqual([...inScope(scope)]);
  expect([...scoped.keys()].every((p) => p.startsWith(`k8s/${env}/`) || p.startsWith(`terraform/stacks/${env}/`))).toBe(true);
});

const [first] = environments;
const apps = [...new Set([...full.keys()].filter((p) => p.startsWith(`k8s/${first}/`)).map((p) => p.split('/')[2]))];

test.each(apps)(`--env ${first} --app %s renders exactly that folder of the full render, and no Terraform`, async (app) => {
  const scope = { environments: [first], apps: [app] };
  const scoped = await renderInScope(platform, scope);
  expect(scoped.size).toBeGreaterThan(0);
  expect([...scoped]).toEqual([...inScope(scope)]);
});

test('the writer replaces the scoped folders: one per app and environment, or the environment and its stack', () => {
  expect(scopePrefixes({ environments: ['dev'], apps: ['web', 'api'] }, environments)).toEqual(['k8s/dev/web/', 'k8s/dev/api/']);
  expect(scopePrefixes({ environments: ['dev'] }, environments)).toEqual(['k8s/dev/', 'terraform/stacks/dev/']);
  expect(scopePrefixes({ apps: ['web'] }, environments)).toEqual(environments.map((e) => `k8s/${e}/web/`));
  expect(scopePrefixes({}, environments)).toBeUndefined();
});
