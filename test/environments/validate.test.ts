import { buildPlatform, defaultInput } from '../../environments/load';
import { platformSettingsOf, PolicyEnforcement } from '../../environments/platform';
import { ENVIRONMENT_NAMES } from '../../environments/types';
import { validateProductionPlatform } from '../../environments/validate-production';
import { configErrorOf, isProduction, line } from '../helpers/input';

/** The cases of bad input are in bad-input.test.ts; this file covers the valid model itself. */
test('the repository config is valid, complete and frozen', () => {
  const input = defaultInput();
  const platform = buildPlatform(input);
  expect(platform.environments.map((e) => e.name)).toEqual(input.environments.map((e) => e.name));
  for (const e of platform.environments) {
    // every environment runs every catalog service, each with the tag of its versions file
    expect(e.services.map((s) => s.name)).toEqual(input.catalog.map((s) => s.name));
    for (const s of e.services) expect(s.image.tag).toBe(input.versions[e.name][s.name]);
  }
  expect(Object.isFrozen(platform.environments[0].services[0])).toBe(true);
  expect(Object.isFrozen(platform.environments[0].services[0].resources.requests)).toBe(true);
});

test('every known environment has platform settings; a name without them stops the render', () => {
  for (const name of ENVIRONMENT_NAMES) expect(() => platformSettingsOf(name)).not.toThrow();
  expect(configErrorOf(() => platformSettingsOf('no-such-env'))).toBe(line('no-such-env', 'environments/platform.ts: platformSettings',
    'environment "no-such-env" has no platform settings',
    'add a "no-such-env" entry (policy enforcement, metrics retention, backups, ACME server) to platformSettings'));
});

describe('production platform settings', () => {
  const PROD = defaultInput().environments.find(isProduction)!.name;
  const settings = platformSettingsOf(PROD);
  const at = `environments/platform.ts: platformSettings.${PROD}`;

  test('the repository\'s production settings pass', () => {
    expect(() => validateProductionPlatform(PROD, settings)).not.toThrow();
  });

  test('policies that only audit are refused', () => {
    expect(configErrorOf(() => validateProductionPlatform(PROD, { ...settings, policyEnforcement: PolicyEnforcement.AUDIT }))).toBe(line(PROD,
      `${at}.policyEnforcement`, '"Audit" only reports pods that break the policies', 'use PolicyEnforcement.ENFORCE in production'));
  });

  test('certificates from Let\'s Encrypt\'s staging CA are refused', () => {
    const server = 'https://acme-staging-v02.api.letsencrypt.org/directory';
    expect(configErrorOf(() => validateProductionPlatform(PROD, { ...settings, acmeServer: server }))).toBe(line(PROD,
      `${at}.acmeServer`, `"${server}" issues certificates browsers do not trust`,
      'use Let\'s Encrypt\'s production directory, "https://acme-v02.api.letsencrypt.org/directory"'));
  });
});
