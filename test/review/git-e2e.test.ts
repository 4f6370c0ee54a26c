import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_NAMES } from '../../environments/index';
import { scaledService } from '../helpers/input';
import { cleanupTemp, copyRepo, runScript } from '../helpers/repo';
import { setReplicas } from '../helpers/repo-edits';

/**
 * End to end, as a user runs them: a temporary git repository holding a copy of the repository
 * (sources + committed dist/), `npm run promote` and `npm run diff` run as their scripts do.
 */
jest.setTimeout(180_000);

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const commitAll = (dir: string, message: string) => { git(dir, 'add', '-A'); git(dir, 'commit', '-q', '-m', message); };
const versionsFile = (dir: string, env: string) => join(dir, 'environments', 'versions', `${env}.json`);
const readVersions = (dir: string, env: string): Record<string, string> => JSON.parse(readFileSync(versionsFile(dir, env), 'utf8'));

function diff(dir: string, ...args: string[]) {
  const r = runScript(dir, 'apps/diff.ts', ['--format', 'json', ...args]);
  if (r.status === 1) throw new Error(`npm run diff failed: ${r.stderr}`);
  return { status: r.status, stderr: r.stderr, report: JSON.parse(r.stdout) };
}

let repo: string;
let service: string;
const TAG = '9.9.9-e2e';
/** The promotion order: the first environment, and the last two (promotions go PREV -> LAST). */
const ORDER = ENVIRONMENT_NAMES as readonly string[];
const [FIRST, PREV, LAST] = [ORDER[0], ORDER[ORDER.length - 2], ORDER[ORDER.length - 1]];

beforeAll(() => {
  repo = copyRepo();
  // PREV runs a tag that LAST does not run yet; render and commit that as the base
  const prev = readVersions(repo, PREV);
  service = Object.keys(prev).find((k) => k !== '$schema')!;
  writeFileSync(versionsFile(repo, PREV), `${JSON.stringify({ ...prev, [service]: TAG }, null, 2)}\n`);
  const synth = runScript(repo, 'apps/synth.ts');
  expect(synth.stderr).toBe('');
  git(repo, 'init', '-q', '-b', 'main');
  commitAll(repo, 'base');
});
afterAll(cleanupTemp);

test('promote refuses unknown services and environments, and skipping an environment without --force', () => {
  const cases: [string[], RegExp][] = [
    [['no-such-service', '--from', PREV, '--to', LAST], /unknown service "no-such-service"/],
    [[service, '--from', PREV, '--to', 'no-such-env'], /unknown environment "no-such-env"/],
    [[service, '--from', FIRST, '--to', LAST], new RegExp(`${FIRST} -> ${LAST} skips ${ORDER.slice(1, -1).join(', ')} .* or pass --force`)],
    [[service, '--from', LAST, '--to', PREV], /goes backwards/],
    [['--from', PREV, '--to', LAST], /no service given/],
  ];
  for (const [args, message] of cases) {
    const r = runScript(repo, 'apps/promote.ts', args);
    expect({ args, status: r.status }).toEqual({ args, status: 1 });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }
  expect(git(repo, 'status', '--porcelain')).toBe('');
});

test('an image promotion: promote rewrites one versions file and re-renders; diff names the image, no risk flag', () => {
  const before = readFileSync(versionsFile(repo, LAST), 'utf8');
  const r = runScript(repo, 'apps/promote.ts', [service, '--from', PREV, '--to', LAST]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`promoted ${service} ${JSON.parse(before)[service]} -> ${TAG} (${PREV} -> ${LAST})`);
  expect(readFileSync(versionsFile(repo, LAST), 'utf8')).toBe(`${JSON.stringify({ ...JSON.parse(before), [service]: TAG }, null, 2)}\n`);
  const changed = git(repo, 'status', '--porcelain').trim().split('\n').map((l) => l.slice(3));
  expect(changed).toContain(`environments/versions/${LAST}.json`);
  expect(changed.filter((f) => f.startsWith('dist/')).every((f) => f.startsWith(`dist/k8s/${LAST}/`))).toBe(true);

  const { status, report } = diff(repo, '--exit-code');
  expect(status).toBe(2);
  expect(report.risks).toEqual([]);
  expect(report.changes.length).toBeGreaterThan(0);
  for (const c of report.changes) {
    expect(c).toMatchObject({ environment: LAST, change: 'changed' });
    expect(c.fields.some((f: any) => /image$/.test(f.path) && String(f.after).endsWith(`/${service}:${TAG}`))).toBe(true);
  }
  commitAll(repo, 'promote');
});

test('a renamed construct id on the Terraform side raises the rename flag', () => {
  const dir = join(repo, 'stacks');
  const construct = /new (?!AwsProvider|TerraformOutput|CloudBackend)\w+\(this, '([\w-]+)'/;
  const file = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().find((f) => construct.test(readFileSync(join(dir, f), 'utf8')));
  expect(file).toBeDefined();
  const text = readFileSync(join(dir, file!), 'utf8');
  writeFileSync(join(dir, file!), text.replace(construct, (m, id: string) => m.replace(`'${id}'`, `'${id}-renamed'`)));
  try {
    const { status, report } = diff(repo, '--exit-code');
    expect(status).toBe(2);
    const renames = report.risks.filter((f: any) => f.rule === 'terraform-rename');
    // one flag per environment stack for the one renamed construct, however many resources it holds
    expect(renames.length).toBeGreaterThan(0);
    expect(new Set(renames.map((f: any) => `${f.environment}/${f.group}`)).size).toBe(renames.length);
    expect(renames[0].reason).toMatch(/^\d+ resources under ".+" disappear while the same appear under ".+-renamed" .*Terraform destroys and re-creates all of them/);
    expect(report.changes.filter((c: any) => c.side === 'kubernetes')).toEqual([]);
  } finally {
    writeFileSync(join(dir, file!), text);
  }
});

test('a replica change, a selector change and a weakened security context, made in the sources: each reported, the last two flagged', () => {
  // a replica change of a service that no autoscaler owns
  const { env, service: scaled } = scaledService();
  const envFile = readFileSync(join(repo, 'environments', `${env.name}.ts`), 'utf8');
  const edits: [string, string, string][] = [
    // a replica change: reported as a field change (a rise: no capacity flag)
    [`environments/${env.name}.ts`, envFile, setReplicas(envFile, scaled.name, scaled.replicas + 1)],
    // a selector change: every workload's immutable selector moves
    ['environments/naming.ts', 'return { [LABEL_NAME]: serviceName, [LABEL_INSTANCE]: serviceName };',
      "return { [LABEL_NAME]: serviceName, [LABEL_INSTANCE]: serviceName, 'app.kubernetes.io/version': 'v2' };"],
    // a weakened security context: privilege escalation allowed in every pod
    ['constructs/k8s/pod-template.ts', 'allowPrivilegeEscalation: false,', 'allowPrivilegeEscalation: true,'],
  ];
  const originals = edits.map(([file]) => readFileSync(join(repo, file), 'utf8'));
  edits.forEach(([file, from, to], i) => {
    expect(originals[i]).toContain(from);
    writeFileSync(join(repo, file), originals[i].replace(from, to));
  });
  try {
    const { status, report } = diff(repo, '--exit-code');
    expect(status).toBe(2);
    const fields = (name: string) => report.changes.filter((c: any) => c.environment === name).flatMap((c: any) => c.fields.map((f: any) => f.path));
    expect(fields(env.name)).toContain('spec.replicas');
    const rules = (rule: string) => report.risks.filter((f: any) => f.rule === rule);
    expect(rules('immutable-field').some((f: any) => /selector/.test(f.reason))).toBe(true);
    expect(rules('security-context').some((f: any) => /allowPrivilegeEscalation/.test(f.reason))).toBe(true);
    // a replica rise is not a capacity drop; the NetworkPolicies' selectors move with the
    // labels, and a rule with new peers is reported as allowing traffic no old rule allowed
    expect(rules('capacity-drop')).toEqual([]);
    expect([...new Set(report.risks.map((f: any) => f.rule))].sort()).toEqual(['immutable-field', 'network-policy', 'security-context']);
  } finally {
    edits.forEach(([file], i) => writeFileSync(join(repo, file), originals[i]));
  }
});

test('the base: an unknown ref is an error; without a main branch the diff compares with HEAD; nothing changed is an empty report and exit 0 even with --exit-code', () => {
  const bad = runScript(repo, 'apps/diff.ts', ['--base', 'no-such-ref']);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/^error: .*"no-such-ref" is not a commit of this repository/);
  expect(git(repo, 'status', '--porcelain')).toBe('');
  git(repo, 'branch', '-m', 'main', 'trunk');
  try {
    const { status, stderr, report } = diff(repo, '--exit-code');
    expect(status).toBe(0);
    expect(report.changes).toEqual([]);
    expect(stderr).toContain('no main branch');
    expect(report.base).toMatch(/^HEAD/);
    // comparing two commits needs no render
    const old = diff(repo, '--base', 'HEAD~1', '--head', 'HEAD');
    expect(old.report.changes.every((c: any) => c.environment === LAST)).toBe(true);
  } finally {
    git(repo, 'branch', '-m', 'trunk', 'main');
  }
});
