import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, watch as watchFs } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { groupRisks } from './format';
import { diffTrees } from './report';
import { REPO_ROOT } from '../render/paths';
import { isEverything, pathInScope, type RenderScope } from '../render/scope';

/** The folders whose saves re-render. */
export const WATCHED = ['environments', 'constructs', 'charts', 'stacks', 'render', 'apps'];

/** Options of {@link watch}. */
export interface WatchOptions {
  /** What each re-render covers (`--env`, `--app`). @default everything */
  readonly scope?: RenderScope;
  /** Output folder. @default dist */
  readonly out?: string;
  /** The repository. @default this one */
  readonly root?: string;
  /** Where lines go. @default stdout */
  readonly write?: (s: string) => void;
  /** Quiet time after a save before rendering, in ms (editors write several times). @default 150 */
  readonly debounceMs?: number;
}

/**
 * The environments a saved file affects: `environments/<env>.ts` and
 * `environments/versions/<env>.json` only their own; anything else every environment (undefined).
 */
export function affectedEnvironments(file: string, environments: readonly string[]): string[] | undefined {
  const m = /^environments\/(?:versions\/)?([a-z0-9-]+)\.(ts|json)$/.exec(file.split('\\').join('/'));
  return m && environments.includes(m[1]) ? [m[1]] : undefined;
}

/** Every file of a folder, as a tree (path relative to it -> text). */
function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const name of existsSync(d) ? readdirSync(d) : []) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, rel ? `${rel}/${name}` : name);
      else out.set(rel ? `${rel}/${name}` : name, readFileSync(p, 'utf8'));
    }
  };
  walk(dir, '');
  return out;
}

/** The short diff of two renders: counts, risk flags and changed fields (no line diff). */
export function shortDiff(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const r = diffTrees(before, after);
  if (r.changes.length === 0) return ['  no change to the rendered output'];
  const lines = [`  ${r.summary.changed} changed, ${r.summary.added} added, ${r.summary.removed} removed`];
  for (const g of groupRisks(r.risks)) lines.push(`  ! ${g.title}: ${g.id} in ${g.environments.join(', ')}: ${g.reasons.map((x) => x.reason).join(' | ')}`);
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  for (const c of r.changes) {
    lines.push(`  ${sign[c.change]} ${c.environment}/${c.group} ${c.id}`);
    for (const f of c.fields) lines.push(`      ${f.path}: ${f.op === 'added' ? `(added) ${JSON.stringify(f.after)}` : f.op === 'removed' ? `${JSON.stringify(f.before)} (removed)` : `${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`}`);
  }
  return lines;
}

/**
 * The render loop (`npm run dev`, `synth -- --watch`): renders once, then on every save under
 * {@link WATCHED} re-renders the affected environments in a fresh child process (no module
 * caching; a bad save only fails that child) and prints the short diff against the previous
 * render, or the config error. Runs until interrupted.
 */
export function watch(options: WatchOptions = {}): Promise<number> {
  const root = options.root ?? REPO_ROOT;
  const write = options.write ?? ((s: string) => process.stdout.write(s));
  const scope = options.scope ?? {};
  const out = resolve(root, options.out ?? 'dist');
  const environments = readdirSync(join(root, 'environments', 'versions')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  let pending = new Set<string>();
  let everything = false;
  let running = false;
  let timer: NodeJS.Timeout | undefined;

  const render = (envs: readonly string[] | undefined): Promise<void> => new Promise((done) => {
    const wanted = envs && scope.environments?.length ? envs.filter((e) => scope.environments!.includes(e)) : envs ?? scope.environments;
    if (wanted && wanted.length === 0) return done();
    const runScope: RenderScope = { ...scope, ...(wanted ? { environments: wanted } : {}) };
    const before = readTree(out);
    const args = [join(root, 'cli', 'launch.cjs'), 'apps/synth.ts', ...(options.out ? ['--out', out] : []),
      ...(runScope.environments ?? []).flatMap((e) => ['--env', e]), ...(runScope.apps ?? []).flatMap((a) => ['--app', a])];
    const started = Date.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => {
      const took = `${Date.now() - started} ms`;
      if (code !== 0) {
        write(`[watch] render failed (${took}); dist/ unchanged:\n${stderr || stdout}`);
      } else {
        const after = readTree(out);
        const inScope = (t: Map<string, string>) => (isEverything(runScope) ? t : new Map([...t].filter(([p]) => pathInScope(runScope, p))));
        write(`[watch] ${stdout.trim()} (${took})\n${shortDiff(inScope(before), inScope(after)).join('\n')}\n`);
      }
      done();
    });
  });

  const flush = async () => {
    if (running) return;
    running = true;
    while (everything || pending.size) {
      const envs = everything ? undefined : [...pending];
      everything = false;
      pending = new Set();
      await render(envs);
    }
    running = false;
    write('[watch] waiting for changes (Ctrl-C to stop)\n');
  };

  const watchers = WATCHED.filter((d) => existsSync(join(root, d))).map((d) => watchFs(join(root, d), { recursive: true }, (_, name) => {
    if (!name) return;
    const file = relative(root, join(root, d, name.toString()));
    if (/(^|\/)\.|~$|\.sw[a-z]$/.test(file)) return;
    const envs = affectedEnvironments(file, environments);
    if (envs) envs.forEach((e) => pending.add(e));
    else everything = true;
    clearTimeout(timer);
    timer = setTimeout(() => { void flush(); }, options.debounceMs ?? 150);
  }));
  write(`[watch] watching ${WATCHED.join('/, ')}/ for changes\n`);
  everything = true;
  void flush();
  return new Promise((resolveExit) => {
    const stop = () => {
      watchers.forEach((w) => w.close());
      clearTimeout(timer);
      resolveExit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
