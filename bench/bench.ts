/**
 * `npm run bench` (never part of the tests): wall time and peak memory of the
 * renders, each in a fresh child process, several runs each; prints a table of medians and
 * spreads and writes .bench/results.json.
 *
 *   npm run bench                      # 5 runs of every case
 *   npm run bench -- --runs 3          # fewer runs
 *   npm run bench -- --only catalog    # cases whose id contains "catalog"
 *
 * Peak memory is the child's maximum resident set size from /usr/bin/time (getrusage of the
 * waited-for children; for npx it is the largest process of the tree).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { copyRepo, cleanupTemp } from '../test/helpers/repo';

const ROOT = resolve(__dirname, '..');
const TIME = '/usr/bin/time';

interface Case {
  /** Stable id, the key in results.json. */
  readonly id: string;
  /** What the row measures. */
  readonly label: string;
  /** Command and arguments; `{out}` is replaced by a fresh output folder per run. */
  readonly argv: readonly string[];
  /** Extra environment; `{out}` is replaced too. */
  readonly env?: Record<string, string>;
  /** Working directory (default: the repository). */
  readonly cwd?: string;
  /** Run before each measured run (e.g. invalidate a cache), not measured. */
  readonly before?: () => void;
  /** Services rendered, for the growth check. */
  readonly services?: number;
}

interface Run {
  readonly wallMs: number;
  /** User + system CPU time of the child and its waited-for children. */
  readonly cpuMs: number;
  readonly peakMB: number;
  readonly child?: Record<string, number>;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const RUNS = Number(arg('--runs') ?? 5);
const ONLY = arg('--only');
const NODE = process.execPath;
const TSX = ['--import', 'tsx'];
const LAUNCH = join(ROOT, 'cli', 'launch.cjs');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs one case once in a child process under /usr/bin/time. */
function measure(c: Case, scratch: string): Run {
  const out = mkdtempSync(join(scratch, 'out-'));
  const fill = (s: string) => s.split('{out}').join(join(out, 'dist'));
  const stats = join(scratch, 'time.txt');
  c.before?.();
  const start = performance.now();
  const r = spawnSync(TIME, ['-f', '%M %U %S', '-o', stats, ...c.argv.map(fill)], {
    cwd: c.cwd ?? ROOT,
    env: { ...process.env, ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)])) },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${c.id} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`.slice(0, 2000));
  const [peakKB, user, system] = readFileSync(stats, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const json = r.stdout.split('\n').find((l) => l.startsWith('{"services"'));
  return { wallMs, cpuMs: (user + system) * 1000, peakMB: peakKB / 1024, child: json ? JSON.parse(json) : undefined };
}

function main(): void {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure peak memory`);
  // outputs go where dist/ lives (same file system), not to /tmp
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const scratch = mkdtempSync(join(ROOT, '.bench', 'tmp-'));
  const loadBefore = loadavg()[0];
  // the stock cdk8s CLI writes into dist/k8s of the folder it runs in: give it a copy
  const copy = copyRepo();
  for (const f of ['cdk8s.yaml', 'cdktf.json']) cpSync(join(ROOT, f), join(copy, f));
  const bundleStamp = join(ROOT, 'lib', '.bundle', 'apps_synth.inputs.json');

  const cases: Case[] = [
    { id: 'full-tsx', label: '(a) full render, node --import tsx apps/synth.ts', argv: [NODE, ...TSX, 'apps/synth.ts', '--out', '{out}'] },
    { id: 'full-bundle', label: '(a) full render, node cli/launch.cjs apps/synth.ts (bundle warm)', argv: [NODE, LAUNCH, 'apps/synth.ts', '--out', '{out}'] },
    { id: 'full-npm', label: '(a) full render, `npm run synth -- --out` (npm included)', argv: ['npm', 'run', '--silent', 'synth', '--', '--out', '{out}'] },
    {
      id: 'full-bundle-cold',
      label: '(a) full render, bundle rebuilt first (after an edit)',
      argv: [NODE, LAUNCH, 'apps/synth.ts', '--out', '{out}'],
      before: () => rmSync(bundleStamp, { force: true }),
    },
    { id: 'k8s-tsx', label: '(b) Kubernetes only, tsx apps/k8s.ts', argv: [NODE, ...TSX, 'apps/k8s.ts'], env: { CDK8S_OUTDIR: '{out}' } },
    { id: 'k8s-bundle', label: '(b) Kubernetes only, bundle (npm run synth:k8s)', argv: [NODE, LAUNCH, 'apps/k8s.ts'], env: { CDK8S_OUTDIR: '{out}' } },
    { id: 'tf-tsx', label: '(c) Terraform only, tsx apps/infra.ts', argv: [NODE, ...TSX, 'apps/infra.ts'], env: { CDKTF_OUTDIR: '{out}' } },
    { id: 'tf-bundle', label: '(c) Terraform only, bundle (npm run synth:terraform)', argv: [NODE, LAUNCH, 'apps/infra.ts'], env: { CDKTF_OUTDIR: '{out}' } },
    { id: 'cdk8s-cli', label: '(d) npx cdk8s synth (stock CLI, same app)', argv: ['npx', '--no-install', 'cdk8s', 'synth'], cwd: copy },
    ...[10, 50, 200].map((n): Case => ({
      id: `catalog-${n}`,
      label: `(e) ${n} services x 3 environments (bundle)`,
      services: n,
      argv: [NODE, LAUNCH, 'bench/render-catalog.ts', String(n), '{out}'],
    })),
    { id: 'catalog-200-tsx', label: '(e) 200 services x 3 environments (tsx)', services: 200, argv: [NODE, ...TSX, 'bench/render-catalog.ts', '200', '{out}'] },
  ].filter((c) => !ONLY || c.id.includes(ONLY));

  const results: Record<string, unknown> = {};
  const rows: string[][] = [];
  for (const c of cases) {
    let runs: Run[];
    try {
      measure(c, scratch); // warm-up: tsx's and the bundle's caches, the file system cache
      runs = Array.from({ length: RUNS }, () => measure(c, scratch));
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      results[c.id] = { label: c.label, failed: (e as Error).message.split('\n').slice(0, 3).join(' ') };
      rows.push([c.id, c.label, 'failed', '', '', '', '']);
      continue;
    }
    const walls = runs.map((r) => r.wallMs);
    const peaks = runs.map((r) => r.peakMB);
    const cpu = runs.map((r) => r.cpuMs);
    const row = {
      label: c.label,
      runs: RUNS,
      wallMs: { median: Math.round(median(walls)), min: Math.round(Math.min(...walls)), max: Math.round(Math.max(...walls)) },
      cpuMs: { median: Math.round(median(cpu)), min: Math.round(Math.min(...cpu)), max: Math.round(Math.max(...cpu)) },
      peakMB: { median: Math.round(median(peaks)), min: Math.round(Math.min(...peaks)), max: Math.round(Math.max(...peaks)) },
      child: runs[0].child && Object.fromEntries(Object.keys(runs[0].child).map((k) => [k, median(runs.map((r) => r.child![k]))])),
      services: c.services,
    };
    results[c.id] = row;
    rows.push([c.id, c.label, `${row.wallMs.median}`, `${row.wallMs.min}-${row.wallMs.max}`, `${row.cpuMs.median}`, `${row.peakMB.median}`, `${row.peakMB.min}-${row.peakMB.max}`]);
    process.stderr.write(`${c.id}: ${row.wallMs.median} ms wall, ${row.cpuMs.median} ms CPU, ${row.peakMB.median} MB\n`);
  }

  // growth: marginal cost per service between sizes, from the renders' own timings
  const per = (a: string, b: string) => {
    const ra = results[a] as any;
    const rb = results[b] as any;
    return ra && rb ? (rb.wallMs.median - ra.wallMs.median) / (rb.services - ra.services) : undefined;
  };
  const growth = { msPerServiceFrom10To50: per('catalog-10', 'catalog-50'), msPerServiceFrom50To200: per('catalog-50', 'catalog-200') };

  const header = ['case', 'what', 'wall ms (median)', 'wall ms (min-max)', 'CPU ms (median)', 'peak MB (median)', 'peak MB (min-max)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  const load = `${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`;
  process.stdout.write(`\n${RUNS} runs each after one warm-up, ${cpus().length} CPUs, Node ${process.version}, load average ${load}\n\n`);
  process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n\n`);
  // where the time of the generated catalogs goes, measured inside the child (medians)
  const breakdown = Object.entries(results).filter(([, r]) => (r as any).child).map(([id, r]) => {
    const c = (r as any).child;
    return `| ${[id, c.files, c.validateMs, c.loadLibrariesMs, c.renderMs, c.writeMs, c.totalMs].join(' | ')} |`;
  });
  if (breakdown.length > 0) {
    process.stdout.write(['| case | files | validate ms | load libraries ms | renderAll ms | write ms | total ms |', '| --- | --- | --- | --- | --- | --- | --- |', ...breakdown].join('\n'));
    process.stdout.write('\n\n');
  }
  process.stdout.write(`growth: ${JSON.stringify(growth)}\n`);

  const target = (id: string) => results[id] as any;
  const checks: Array<[string, boolean | undefined]> = [
    ['full render (bundle) under 1 s', target('full-bundle') && target('full-bundle').wallMs.median < 1000],
    ['full render (bundle) under 200 MB', target('full-bundle') && target('full-bundle').peakMB.median < 200],
    ['200 services x 3 environments under 6 s (process wall time, writing 6800+ files included)', target('catalog-200') && target('catalog-200').wallMs.median < 6000],
    ['200 services x 3 environments under 6 s (load, validate and renderAll; writing excluded)', target('catalog-200')
      && target('catalog-200').child.totalMs - target('catalog-200').child.writeMs < 6000],
    ['growth no faster than linear', growth.msPerServiceFrom50To200 !== undefined && growth.msPerServiceFrom10To50 !== undefined
      ? growth.msPerServiceFrom50To200 <= Math.max(growth.msPerServiceFrom10To50 * 1.5, 5) : undefined],
  ];
  for (const [what, ok] of checks) process.stdout.write(`${ok === undefined ? 'n/a ' : ok ? 'PASS' : 'MISS'}  ${what}\n`);

  const dir = join(ROOT, '.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'results.json');
  writeFileSync(file, `${JSON.stringify({ node: process.version, cpus: cpus().length, loadAverage: load, runs: RUNS, results, growth, checks: Object.fromEntries(checks) }, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${file}\n`);
  rmSync(scratch, { recursive: true, force: true });
  cleanupTemp();
}

main();
