/**
 * Benchmark child (case e): renders a generated catalog of N services across every
 * environment with renderAll and writes it like `npm run synth --out`. Prints one JSON line of
 * timings. Usage: render-catalog.ts <services> <out dir>
 *
 * The catalog is the repository's own, grown by cloning whole existing entries (catalog entry,
 * per-environment settings, image tag) under new names, so it follows whatever the schema becomes.
 */
import { performance } from 'node:perf_hooks';
import { ConfigError } from '../environments/errors';
import { buildPlatform, defaultInput, type PlatformInput } from '../environments/load';

const t0 = performance.now();

/** A deep copy of `value` with the service name `from` renamed to `to` wherever it is a whole word. */
function renamed<T>(value: T, from: string, to: string): T {
  const re = new RegExp(`(?<![A-Za-z0-9-])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9-])`, 'g');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(re, to);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(re, to), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The repository's input grown to `count` services: its own entries, then clones of them. */
function generatedInput(count: number, input: PlatformInput = defaultInput()): PlatformInput {
  const base = input.catalog;
  const catalog = [...base.slice(0, count)];
  const settings = new Map(input.environments.map((e) => [e.name, { ...e.services } as Record<string, unknown>]));
  const versions = new Map(Object.entries(input.versions).map(([env, v]) => [env, { ...v }]));
  for (let i = catalog.length; i < count; i++) {
    const source = base[i % base.length];
    const name = `${source.name.slice(0, 50)}-g${i}`;
    catalog.push({ ...renamed(source, source.name, name), name });
    for (const env of input.environments) {
      const cloned = renamed(env.services[source.name], source.name, name);
      // a public service's host must be its own: take the first label from the new name
      settings.get(env.name)![name] = cloned.host ? { ...cloned, host: cloned.host.replace(/^[^.]+/, name) } : cloned;
      versions.get(env.name)![name] = input.versions[env.name][source.name];
    }
  }
  // an environment's settings for services left out of a smaller catalog would be unknown names
  const known = new Set(catalog.map((s) => s.name));
  return {
    shared: input.shared,
    catalog,
    environments: input.environments.map((e) => ({
      ...e,
      services: Object.fromEntries(Object.entries(settings.get(e.name)!).filter(([n]) => known.has(n))) as typeof e.services,
    })),
    versions: Object.fromEntries([...versions].map(([env, v]) => [env, Object.fromEntries(Object.entries(v).filter(([n]) => known.has(n)))])),
  };
}

async function main(): Promise<void> {
  const [countArg, out] = process.argv.slice(2);
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 1 || !out) throw new Error('usage: render-catalog.ts <services> <out dir>');
  const input = generatedInput(count);
  const platform = buildPlatform(input);
  const tValid = performance.now();
  const { renderAll } = await import('../render/render');
  const { writeTreeAtomically } = await import('../render/writer');
  const tLoaded = performance.now();
  const files = renderAll(platform);
  const tRendered = performance.now();
  writeTreeAtomically(out, files);
  const tWritten = performance.now();
  const ms = (a: number, b: number) => Math.round(b - a);
  process.stdout.write(`${JSON.stringify({
    services: platform.catalog.length,
    environments: platform.environments.length,
    files: files.size,
    bytes: [...files.values()].reduce((n, f) => n + f.length, 0),
    validateMs: ms(t0, tValid),
    loadLibrariesMs: ms(tValid, tLoaded),
    renderMs: ms(tLoaded, tRendered),
    writeMs: ms(tRendered, tWritten),
    // from process start, module loading of this script included
    totalMs: Math.round(performance.now()),
  })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(ConfigError.isConfigError(e) ? `error: ${e.message}\n` : `${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
