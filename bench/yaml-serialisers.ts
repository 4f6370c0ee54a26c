/**
 * Benchmark child: the three ways to serialise our manifests, on every object of the real render
 * repeated 30 times: the `yaml` package through cdk8s's `Yaml.stringify` (what dist/ holds),
 * `js-yaml` with the closest options, and render/yaml.ts. Prints time and how many documents
 * differ from the library's bytes.   Usage: yaml-serialisers.ts
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { ApiObject, Yaml } from 'cdk8s';
import { loadPlatform } from '../environments/load';
import { buildKubernetes } from '../render/kubernetes';
import { toYaml } from '../render/yaml';

const { app } = buildKubernetes(loadPlatform());
const objects = app.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c)).map((o) => o.toJson() as unknown);
const docs = Array.from({ length: 30 }, () => objects).flat();
const reference = docs.map((d) => Yaml.stringify(d));
/** js-yaml comes with other tools, not as a dependency of ours: measured when it is installed. */
function jsYaml(): ((d: unknown, o: object) => string) | undefined {
  try {
    return (createRequire(__filename)('js-yaml') as { dump: (d: unknown, o: object) => string }).dump;
  } catch {
    process.stdout.write('js-yaml: not installed, not measured\n');
    return undefined;
  }
}
const dump = jsYaml();
const ways: Array<[string, (d: unknown) => string]> = [
  ['yaml (cdk8s Yaml.stringify)', (d) => Yaml.stringify(d)],
  ...(dump ? [['js-yaml dump (noRefs, lineWidth -1)', (d: unknown) => dump(d, { noRefs: true, lineWidth: -1 })] as [string, (d: unknown) => string]] : []),
  ['render/yaml.ts', toYaml],
];
for (const [name, fn] of ways) {
  fn(docs[0]);
  const t = performance.now();
  const out = docs.map(fn);
  const ms = performance.now() - t;
  const differ = out.filter((o, i) => o !== reference[i]).length;
  process.stdout.write(`${name}: ${docs.length} documents in ${ms.toFixed(0)} ms, ${differ} differ from dist/'s bytes\n`);
}
