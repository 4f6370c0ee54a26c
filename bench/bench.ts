/**
 * `npm run bench` (never part of the tests): wall time, CPU time and peak memory of the renders,
 * each in a fresh child process, several runs each; prints a table of medians and spreads, the
 * ratios to the stock CLIs measured in the same run and to the module-loading floor, and writes
 * .bench/results.json.
 *
 *   npm run bench                      # 5 runs of every case
 *   npm run bench -- --runs 3          # fewer runs
 *   npm run bench -- --only catalog    # cases whose id contains "catalog"
 *   TF_PROVIDER_MIRROR=... npm run bench -- --only gate --runs 3   # the Terraform gate (only when named)
 *
 * Two kinds of output folder: `same` renders again and again into one folder, as a user does
 * (the first, unmeasured run creates it); `fresh` renders into a new folder each run (a cold
 * first render), all removed after the case, never between runs.
 * Peak memory is the child's maximum resident set size from /usr/bin/time (getrusage of the
 * waited-for children; for npx it is the largest process of the tree).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadPlatform, repoRoot } from '../environments/load';
import { copyRepo, cleanupTemp } from '../test/helpers/repo';

const ROOT = repoRoot();
const TIME = '/usr/bin/time';

interface Case {
  /** Stable id, the key in results.json. */
  readonly id: string;
  /** What the row measures. */
  readonly label: string;
  /** Command and arguments; `{out}` is replaced by the output folder. */
  readonly argv: readonly string[];
  /** `same`: one folder for every run (repeated renders); `fresh`: a new folder per run. @default 'same' */
  readonly out?: 'same' | 'fresh';
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

const USAGE = `usage: npm run bench [-- --runs <n>] [-- --only <text>]

  --runs <n>     measured runs per case, after one warm-up (default 5)
  --only <text>  only the cases whose id contains <text> (default: every case)
  -h, --help     print this usage and exit

exit codes: 0 measured (a missed target is reported, not an error), 1 error
example: npm run bench -- --runs 3 --only catalog
`;

/** Strict: an unknown flag or a bad value stops before anything is measured. */
function parseBenchArgs(argv: readonly string[]): { runs: number; only?: string } {
  let parsed;
  try {
    const options = {
      runs: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    } as const;
    parsed = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options });
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}; run with --help for the usage\n`);
    process.exit(1);
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const runs = Number(parsed.values.runs ?? 5);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`error: flag --runs: "${parsed.values.runs}" is not a whole number of runs (1 or more)\n`);
    process.exit(1);
  }
  return { runs, only: parsed.values.only };
}

const { runs: RUNS, only: ONLY } = parseBenchArgs(process.argv.slice(2));
const NODE = process.execPath;
const LAUNCH = join(ROOT, 'cli', 'launch.cjs');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs one case once in a child process under /usr/bin/time, output into `out`. */
function measure(c: Case, out: string, scratch: string): Run {
  const fill = (s: string) => s.split('{out}').join(out);
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
  if (r.status !== 0) throw new Error(`${c.id} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`.slice(0, 2000));
  const [peakKB, user, system] = readFileSync(stats, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const json = r.stdout.split('\n').find((l) => l.startsWith('{"services"'));
  return { wallMs, cpuMs: (user + system) * 1000, peakMB: peakKB / 1024, child: json ? JSON.parse(json) : undefined };
}

/** True when the stock cdktf CLI is installed (in node_modules or on the PATH). */
function cdktfCli(): string[] | undefined {
  const local = join(ROOT, 'node_modules', '.bin', 'cdktf');
  if (existsSync(local)) return [local];
  return spawnSync('cdktf', ['--version'], { encoding: 'utf8' }).status === 0 ? ['cdktf'] : undefined;
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

  const cdktf = cdktfCli();
  // `npm run diff` compares with the last commit: the copy becomes a repository with a clean tree
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', '-c', 'commit.gpgsign=false', ...args], { cwd: copy });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  const copyLaunch = join(copy, 'cli', 'launch.cjs');
  const [firstEnv] = loadPlatform().environments;
  const firstApp = firstEnv.services[0].name;
  const cases: Case[] = [
    { id: 'floor', label: 'module-loading floor: loads what the full render loads, renders nothing', argv: [NODE, LAUNCH, 'bench/load-floor.ts'] },
    { id: 'full-same', label: '(a) full render, again into the same folder (nothing changed: nothing written)', argv: [NODE, LAUNCH, 'apps/synth.ts', '--out', '{out}'] },
    { id: 'full-fresh', label: '(a) full render, cold into a new folder (every file written)', out: 'fresh' as const, argv: [NODE, LAUNCH, 'apps/synth.ts', '--out', '{out}'] },
    { id: 'full-npm', label: '(a) `npm run synth -- --out` (npm included), same folder', argv: ['npm', 'run', '--silent', 'synth', '--', '--out', '{out}'] },
    {
      id: 'full-rebuild',
      label: '(a) full render, our bundle rebuilt first (the first render after an edit)',
      argv: [NODE, LAUNCH, 'apps/synth.ts', '--out', '{out}'],
      before: () => rmSync(join(ROOT, 'lib', '.bundle', 'apps.inputs.json'), { force: true }),
    },
    { id: 'k8s-same', label: '(b) Kubernetes only, `npm run synth:k8s` entry, same folder', argv: [NODE, LAUNCH, 'apps/k8s.ts'], env: { CDK8S_OUTDIR: '{out}' } },
    { id: 'cdk8s-cli', label: '(b) stock `npx cdk8s synth` (cdk8s.yaml, the same app)', argv: ['npx', '--no-install', 'cdk8s', 'synth'], cwd: copy, env: { CDK8S_CHECK_UPGRADE: 'false' } },
    { id: 'tf-same', label: '(c) Terraform only, `npm run synth:terraform` entry, same folder', argv: [NODE, LAUNCH, 'apps/infra.ts'], env: { CDKTF_OUTDIR: '{out}' } },
    ...(cdktf ? [{ id: 'cdktf-cli', label: '(c) stock `cdktf synth` (cdktf.json, the same app)', argv: [...cdktf, 'synth'], cwd: copy, env: { CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' } }] : []),
    ...[10, 50, 200].map((n): Case => ({
      id: `catalog-${n}`,
      label: `(e) ${n} services x 3 environments, again into the same folder`,
      services: n,
      argv: [NODE, LAUNCH, 'bench/render-catalog.ts', String(n), '{out}'],
    })),
    { id: 'catalog-200-fresh', label: '(e) 200 services x 3 environments, cold into a new folder', out: 'fresh' as const, services: 200, argv: [NODE, LAUNCH, 'bench/render-catalog.ts', '200', '{out}'] },
    { id: 'diff-clean', label: '(d) `npm run diff` entry, clean tree (renders, compares with the commit)', argv: [NODE, copyLaunch, 'apps/diff.ts'], cwd: copy },
    { id: 'diff-app', label: `(d) \`npm run diff -- --env ${firstEnv.name} --app ${firstApp}\` entry, clean tree`, argv: [NODE, copyLaunch, 'apps/diff.ts', '--env', firstEnv.name, '--app', firstApp], cwd: copy },
    // the gate needs terraform and the provider mirror, and takes seconds a run: measured only when named
    ...(process.env.TF_PROVIDER_MIRROR && ONLY && 'gate'.includes(ONLY)
      ? [{ id: 'gate', label: '(f) `npm run validate:terraform` entry: init, plan and checks of every stack', argv: [NODE, LAUNCH, 'apps/validate-terraform.ts'] }] : []),
  ].filter((c) => !ONLY || c.id.includes(ONLY));

  const results: Record<string, unknown> = {};
  const rows: string[][] = [];
  for (const c of cases) {
    let runs: Run[];
    const caseDir = mkdtempSync(join(scratch, `${c.id}-`));
    let n = 0;
    const outFor = () => (c.out === 'fresh' ? join(caseDir, `run-${n++}`, 'dist') : join(caseDir, 'dist'));
    try {
      measure(c, outFor(), scratch); // warm-up: the bundles, the file system cache; creates the `same` folder
      runs = Array.from({ length: RUNS }, () => measure(c, outFor(), scratch));
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      results[c.id] = { label: c.label, failed: (e as Error).message.split('\n').slice(0, 3).join(' ') };
      rows.push([c.id, c.label, 'failed', '', '', '', '']);
      continue;
    } finally {
      rmSync(caseDir, { recursive: true, force: true });
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
  const wall = (id: string): number | undefined => target(id)?.wallMs?.median;
  const ratio = (a: string, b: string) => {
    const [x, y] = [wall(a), wall(b)];
    return x !== undefined && y !== undefined ? Math.round((x / y) * 100) / 100 : undefined;
  };
  const ratios = {
    fullSameOverFloor: ratio('full-same', 'floor'),
    fullFreshOverFloor: ratio('full-fresh', 'floor'),
    cdk8sCliOverOurs: ratio('cdk8s-cli', 'k8s-same'),
    cdktfCliOverOurs: ratio('cdktf-cli', 'tf-same'),
  };
  process.stdout.write(`floor ${wall('floor') ?? '?'} ms; full render ${ratios.fullSameOverFloor ?? '?'}x the floor (same folder), `
    + `${ratios.fullFreshOverFloor ?? '?'}x (new folder)\n`);
  process.stdout.write(`stock cdk8s synth takes ${ratios.cdk8sCliOverOurs ?? '?'}x our Kubernetes render; `
    + (cdktf ? `stock cdktf synth ${ratios.cdktfCliOverOurs ?? '?'}x our Terraform render\n` : 'cdktf synth: not measured, the cdktf CLI is not installed (npm i -D cdktf-cli)\n'));
  const catalog200 = target('catalog-200');
  const checks: Array<[string, boolean | undefined]> = [
    ['full render into the same folder at most 350 ms', wall('full-same') !== undefined ? wall('full-same')! <= 350 : undefined],
    ['full render within 2.5x of the module-loading floor', ratios.fullSameOverFloor !== undefined ? ratios.fullSameOverFloor <= 2.5 : undefined],
    ['unchanged re-render at most 250 ms (full render, same folder)', wall('full-same') !== undefined ? wall('full-same')! <= 250 : undefined],
    ['200 services x 3 environments at most 1.5 s, repeated into the same folder', catalog200 ? catalog200.wallMs.median <= 1500 : undefined],
    ['`npm run diff` on a clean tree at most 0.5 s', wall('diff-clean') !== undefined ? wall('diff-clean')! <= 500 : undefined],
    ['`npm run diff` of one app at most 0.3 s', wall('diff-app') !== undefined ? wall('diff-app')! <= 300 : undefined],
    ['the Terraform gate at most 14 s for every stack', wall('gate') !== undefined ? wall('gate')! <= 14000 : undefined],
    ['full render (same folder) under 200 MB', target('full-same') ? target('full-same').peakMB.median < 200 : undefined],
    ['growth no faster than linear', growth.msPerServiceFrom50To200 !== undefined && growth.msPerServiceFrom10To50 !== undefined
      ? growth.msPerServiceFrom50To200 <= Math.max(growth.msPerServiceFrom10To50 * 1.5, 5) : undefined],
  ];
  for (const [what, ok] of checks) process.stdout.write(`${ok === undefined ? 'n/a ' : ok ? 'PASS' : 'MISS'}  ${what}\n`);

  const dir = join(ROOT, '.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'results.json');
  writeFileSync(file, `${JSON.stringify({ node: process.version, cpus: cpus().length, loadAverage: load, runs: RUNS, results, growth, ratios, checks: Object.fromEntries(checks) }, null, 2)}\n`);
  process.stdout.write(`\nwritten to ${file}\n`);
  rmSync(scratch, { recursive: true, force: true });
  cleanupTemp();
}

main();
