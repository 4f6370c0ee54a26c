import { buildPlatform, defaultInput } from '../../environments/load';

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
