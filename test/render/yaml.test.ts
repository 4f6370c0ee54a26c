/**
 * The fast YAML path writes exactly the bytes of cdk8s's `Yaml.stringify` (the `yaml` package):
 * for every object the real render produces, and for generated edge cases that exercise its
 * fallbacks (quotes, YAML 1.1 words, numbers as strings, `:` and `#`, unicode, multi-line
 * strings, empty maps and lists, odd keys).
 */
import { ApiObject, Yaml } from 'cdk8s';
import { loadPlatform } from '../../environments/load';
import { buildKubernetes } from '../../render/kubernetes';
import { toYaml } from '../../render/yaml';

test('every rendered manifest: byte identical to the library', () => {
  const { app } = buildKubernetes(loadPlatform());
  const objects = app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson() as unknown);
  expect(objects.length).toBeGreaterThan(0);
  const differing = objects.filter((o) => toYaml(o) !== Yaml.stringify(o)).map((o) => JSON.stringify(o).slice(0, 120));
  expect(differing).toEqual([]);
});

const WORDS = [
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'true', 'True', 'false', 'FALSE',
  'null', 'Null', '~', '', ' ', 'a b', ' leading', 'trailing ', 'a: b', 'a:b', 'a:', ':a', 'a #b', 'a#b', '#a', '- a', '-a', '-', '?', '? a',
  '0', '00', '007', '0o7', '0x1F', '1e3', '1.5', '.5', '1_000', '1:30', '2026-12-01', '2026-12-01T00:00:00Z', '+1', '-1', '.inf', '-.inf',
  '.nan', '.NaN', 'Infinity', '1.4.2', '100m', '128Mi', 'v1', 'apps/v1', 'arn:aws:iam::111111111111:role/x', '*', '&a', '!a', '|', '>',
  '"q"', "'q'", 'it\'s', 'say "hi"', 'back\\slash', 'tab\there', 'multi\nline', 'multi\nline\n', 'trailing newline\n', '\n', 'ünïcödé',
  '日本語', 'emoji 🚀', '%x', '@x', '`x', '{a}', '[a]', 'a,b', 'a=b', '${var}', '%{x}', 'a\u0000b', 'a\u007fb', '\u00a0nbsp', 'x'.repeat(200),
];
const VALUES: unknown[] = [
  ...WORDS, 0, 1, -1, 1.5, -0, 1e21, 2 ** 53, NaN, Infinity, true, false, null, undefined, [], {}, [[]], [{}], [[1, 2]], { a: [] }, { a: {} },
  [1, 'a', null], { '': 1 }, new Date(0),
];

test('generated edge cases: byte identical to the library, as map values, keys, list items and nested', () => {
  const docs: unknown[] = [];
  for (const v of VALUES) {
    docs.push({ k: v }, [v], { list: [v, { k: v }] }, { nested: { deeper: { k: v } } }, v);
  }
  for (const w of WORDS) docs.push({ [w]: 'v' }, { m: { [w]: [w] } });
  docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: Object.fromEntries(WORDS.map((w, i) => [`k${i}`, w])) });
  const differing = docs.filter((d) => toYaml(d) !== Yaml.stringify(d)).map((d) => JSON.stringify(d));
  expect(differing).toEqual([]);
});
