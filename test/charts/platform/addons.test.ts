import { ADDONS } from '../../../charts/platform/addons/catalog';
import { loadPlatform } from '../../../environments/load';
import { irsaRoleArn } from '../../../environments/naming';
import { objects } from '../../helpers/render';

const platform = loadPlatform();
const withIrsa = ADDONS.filter((a) => a.irsa !== undefined).map((a) => [a.name, a] as const);

test.each(withIrsa)('%s runs in the namespace its IRSA role trusts, and every environment annotates that ServiceAccount', (_, addon) => {
  const sa = addon.irsa!.serviceAccount;
  // the role trusts system:serviceaccount:<namespace>:<name>: another namespace could never assume it
  expect(sa.namespace).toBe(addon.namespace);
  for (const env of platform.environments) {
    const app = objects(`${env.name}/argocd`).find((o) => o.kind === 'Application' && o.metadata.name === `${env.name}-${addon.name}`);
    let node = app.spec.source.helm.valuesObject;
    for (const key of addon.irsa!.valuesPath ?? ['serviceAccount']) node = node[key];
    expect(node).toEqual({
      name: sa.serviceAccount,
      annotations: { 'eks.amazonaws.com/role-arn': irsaRoleArn(env.aws.accountId, env.name, sa.namespace, sa.serviceAccount) },
    });
  }
});

test('add-on names are unique (they name the Applications and Helm releases)', () => {
  expect(new Set(ADDONS.map((a) => a.name)).size).toBe(ADDONS.length);
});
