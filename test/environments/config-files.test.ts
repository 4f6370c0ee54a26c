/**
 * The files around the config: the registry of environments (a half-added environment is an
 * error), the versions files (no byte-order mark, no duplicate key, a JSON Schema for editors),
 * and strict keys everywhere in the schema (a typo names the field it meant).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { ENVIRONMENT_NAMES } from '../../environments/index';
import { buildPlatform, checkRegistry, defaultInput, duplicateKey, readVersionsFile, VERSIONS_DIR } from '../../environments/load';
import { CatalogSchema, EnvironmentConfigSchema, SharedSchema } from '../../environments/schema';
import { closest, parseOrFail } from '../../environments/schema-rules';
import { VERSIONS_SCHEMA_FILE, versionsJsonSchemaText } from '../../environments/versions-schema';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'platform-config-'));
  mkdirSync(join(dir, 'versions'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '(accepted)';
};

/** A repository-like folder: environment files and versions files. */
function layout(envFiles: Record<string, string>, versions: string[]): void {
  for (const [name, text] of Object.entries(envFiles)) writeFileSync(join(dir, `${name}.ts`), text);
  for (const name of versions) writeFileSync(join(dir, 'versions', `${name}.json`), '{}\n');
  writeFileSync(join(dir, 'versions', VERSIONS_SCHEMA_FILE), '{}\n');
}
const ENV_FILE = 'export const qa: EnvironmentConfig = {};\n';

describe('a half-added environment is refused', () => {
  test('a complete registry passes', () => {
    layout({ qa: ENV_FILE, catalog: 'export const catalog = [];\n' }, ['qa']);
    expect(message(() => checkRegistry(['qa'], dir, join(dir, 'versions')))).toBe('(accepted)');
  });
  test('an environment file that is not registered', () => {
    layout({ qa: ENV_FILE, uat: ENV_FILE.replace('qa', 'uat') }, ['qa', 'uat']);
    expect(message(() => checkRegistry(['qa'], dir, join(dir, 'versions')))).toBe(
      'environment "uat", field "environments/versions/uat.json": no registered environment is named "uat". '
      + 'Fix: create environments/uat.ts and register it in ENVIRONMENTS (environments/index.ts, in promotion order), or delete the file');
  });
  test('an environment file without a versions file and unregistered', () => {
    layout({ qa: ENV_FILE, uat: ENV_FILE.replace('qa', 'uat') }, ['qa']);
    expect(message(() => checkRegistry(['qa'], dir, join(dir, 'versions')))).toBe(
      'environment "uat", field "environments/uat.ts": the environment file is not registered. Fix: register it in ENVIRONMENTS (environments/index.ts, in promotion order)');
  });
  test('a registered environment whose file is missing', () => {
    layout({ qa: ENV_FILE }, ['qa']);
    expect(message(() => checkRegistry(['qa', 'uat'], dir, join(dir, 'versions')))).toBe(
      'environment "uat", field "name": "uat" is registered in environments/index.ts but environments/uat.ts does not exist. '
      + 'Fix: name the environment after its file, or rename the file to environments/uat.ts');
  });
  test('a registered environment without its versions file', () => {
    expect(message(() => readVersionsFile('uat', join(dir, 'versions')))).toBe(
      'environment "uat", field "environments/versions/uat.json": the versions file is missing. '
      + 'Fix: create environments/versions/uat.json with one "<service>": "<tag>" entry per service');
  });
});

describe('versions files', () => {
  test('a byte-order mark is refused', () => {
    writeFileSync(join(dir, 'versions', 'qa.json'), '\ufeff{ "web": "1.0.0" }\n');
    expect(message(() => readVersionsFile('qa', join(dir, 'versions')))).toBe(
      'environment "qa", field "environments/versions/qa.json": the file starts with a byte-order mark. Fix: save it as UTF-8 without a BOM');
  });
  test.each([
    ['with its byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{ "web": "1.0.0" }\n', 'utf16le')])],
    ['without one', Buffer.from('{ "web": "1.0.0" }\n', 'utf16le')],
  ])('a file saved as UTF-16 (%s) is refused in one line', (_name, bytes) => {
    writeFileSync(join(dir, 'versions', 'qa.json'), bytes);
    expect(message(() => readVersionsFile('qa', join(dir, 'versions')))).toBe(
      'environment "qa", field "environments/versions/qa.json": the file is not UTF-8 (it looks like UTF-16). Fix: save it as UTF-8 without a BOM');
  });
  test('a syntax error is reported on one printable line, whatever the text around it holds', () => {
    writeFileSync(join(dir, 'versions', 'qa.json'), '{ "web": "1.0.0",\n\u0007\t"api" }\n');
    const text = message(() => readVersionsFile('qa', join(dir, 'versions')));
    expect(text).toMatch(/^environment "qa", field "environments\/versions\/qa\.json": the file is not valid JSON \(.+\)\. Fix: fix the JSON syntax/);
    expect(text).not.toMatch(/[\u0000-\u001f]/);
  });
  test('a duplicate key is refused (JSON.parse would keep the last)', () => {
    writeFileSync(join(dir, 'versions', 'qa.json'), '{ "web": "1.0.0", "api": "2.0.0", "web": "latest" }\n');
    expect(message(() => readVersionsFile('qa', join(dir, 'versions')))).toBe(
      'environment "qa", field "environments/versions/qa.json: web": "web" is listed twice (JSON keeps only the last). Fix: list each service once');
  });
  test('the duplicate-key scanner skips strings and follows nesting', () => {
    expect(duplicateKey('{"a": "x\\": 1, \\"a\\": 2", "b": {"a": 1}}')).toBeUndefined();
    expect(duplicateKey('{"a": [{"k": 1}, {"k": 2}], "b": {"c": 1, "c": 2}}')).toBe('c');
  });
  test('the committed JSON Schema is what the code generates, and every versions file names it', () => {
    expect(readFileSync(join(VERSIONS_DIR, VERSIONS_SCHEMA_FILE), 'utf8')).toBe(versionsJsonSchemaText());
    for (const name of ENVIRONMENT_NAMES) expect(readVersionsFile(name).$schema).toBe(`./${VERSIONS_SCHEMA_FILE}`);
    expect(readdirSync(VERSIONS_DIR).filter((f) => f !== VERSIONS_SCHEMA_FILE).sort()).toEqual(ENVIRONMENT_NAMES.map((n) => `${n}.json`).sort());
  });
});

/** Every strict object of a schema tree: its path and its keys. */
function strictObjects(schema: v.GenericSchema, path: string, out: { path: string; keys: string[] }[] = []): typeof out {
  const s = schema as unknown as {
    type: string;
    entries?: Record<string, v.GenericSchema>;
    wrapped?: v.GenericSchema;
    item?: v.GenericSchema;
    value?: v.GenericSchema;
    options?: v.GenericSchema[];
    pipe?: v.GenericSchema[];
  };
  if (s.pipe && s.pipe[0] !== schema) strictObjects(s.pipe[0], path, out);
  if (s.type === 'strict_object' && s.entries) {
    out.push({ path, keys: Object.keys(s.entries) });
    for (const [k, e] of Object.entries(s.entries)) strictObjects(e, `${path}.${k}`, out);
  }
  if (s.wrapped) strictObjects(s.wrapped, path, out);
  if (s.type === 'array' && s.item) strictObjects(s.item, `${path}[]`, out);
  if (s.type === 'record' && s.value) strictObjects(s.value, `${path}.*`, out);
  for (const o of s.options ?? []) strictObjects(o, path, out);
  return out;
}

/** Typos people make: a letter dropped, two swapped, a letter doubled, the wrong case. */
const typos = (key: string): string[] => [
  key.slice(0, -1), key.length > 3 ? key.slice(0, 1) + key[2] + key[1] + key.slice(3) : `${key}x`, `${key}${key.slice(-1)}`, key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase(),
].filter((t) => t !== key);

test.each([['shared', SharedSchema], ['catalog', CatalogSchema], ['environment', EnvironmentConfigSchema]] as const)(
  'every field of the %s schema is strict, and each typo of it names the field', (_, schema) => {
    const objects = strictObjects(schema as v.GenericSchema, '');
    // the walk reaches nested objects (e.g. inside lists, records and optional fields)
    expect(objects.some((o) => o.path.includes('.'))).toBe(true);
    for (const { keys } of objects) {
      for (const key of keys) {
        for (const typo of typos(key).filter((t) => !keys.includes(t))) expect([typo, closest(typo, keys)]).toEqual([typo, key]);
      }
    }
  });

test('a typo in an optional field stops the render with the field it meant (the README example)', () => {
  const input = structuredClone(defaultInput());
  const env = input.environments[0];
  const { natGateways, ...network } = env.network;
  // a typo TypeScript would catch in a .ts file, but the render does not type-check
  (env as { network: object }).network = { ...network, natGateway: natGateways };
  expect(message(() => buildPlatform(input))).toBe(`environment "${env.name}", field "network.natGateway": "natGateway" is not a field of the network settings. `
    + 'Fix: did you mean natGateways? (known: vpcCidr, natGateways, flowLogRetentionDays)');
});

test('an unknown key stops parsing with its path and the closest known key', () => {
  expect(message(() => parseOrFail(EnvironmentConfigSchema, { name: 'qa', tierr: 'production' }, 'qa'))).toMatch(
    /^environment "qa", field "tierr": "tierr" is not a field of an environment\. Fix: did you mean tier\? \(known: name, tier, /);
});
