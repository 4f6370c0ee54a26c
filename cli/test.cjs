'use strict';
/**
 * `npm test`: jest, with the type checker and the linter running beside it instead of before and
 * after it. Jest's two workers leave a core idle while a worker waits for a child process (git,
 * terraform, promtool, a render) and while the last test file runs alone; the checks run at a
 * lower CPU priority and fill those gaps, so they cost the run little wall time.
 *
 * The commands are projen's: the steps of the `test` task in .projen/tasks.json (generated from
 * .projenrc.ts). Arguments go to the jest step, as `projen test -- <args>` passes them. Jest's
 * output streams as it comes; each check's output is printed after jest's, whole, in task order,
 * then one line per check. Exit code: jest's if it failed, else 1 if a check failed, else 0.
 *
 * A check that passed is not run again while none of its inputs changed, as `tsc --build` skips
 * a project that is up to date: the inputs are the check's command and the content of every file
 * of the repository outside node_modules/, dist/, lib/ and .git/, plus the installed packages'
 * lock file (sha-1 of each; about 30 ms). Any edit, of a source, a test or a config, runs it.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const TASKS_FILE = path.join(root, '.projen', 'tasks.json');
/** Nice value of the checks: jest keeps the CPU whenever it can use it. */
const CHECK_PRIORITY = 19;
/** Where each check records the inputs it last passed with. */
const PASSED_DIR = path.join(root, 'node_modules', '.cache', 'platform-checks');
/** Folders that are no input of a check: installed packages, outputs, git's own data. */
const NOT_INPUTS = new Set(['node_modules', 'dist', 'lib', '.git', 'coverage', 'test-reports', '.bench']);
/** Inputs inside node_modules: what is installed. */
const INSTALL_FILES = ['node_modules/.package-lock.json'];

/** sha-1 of every input file of the repository at `dir` (sorted paths) as one digest. */
function inputsDigest(dir = root) {
  const digest = crypto.createHash('sha1');
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!NOT_INPUTS.has(file)) walk(file);
      } else if (entry.isFile()) {
        digest.update(`${file}\0`).update(crypto.createHash('sha1').update(fs.readFileSync(path.join(dir, file))).digest());
      }
    }
  };
  walk('');
  for (const file of INSTALL_FILES) {
    digest.update(`${file}\0`);
    if (fs.existsSync(path.join(dir, file))) digest.update(fs.readFileSync(path.join(dir, file)));
  }
  return digest.digest('hex');
}

/** The key a check passes with: its command and environment, and the inputs' digest. */
const passKey = (command, inputs) => crypto.createHash('sha1')
  .update(JSON.stringify([command.argv ?? command.shell, command.env, inputs])).digest('hex');
const passFile = (command) => path.join(PASSED_DIR, `${label(command).replace(/[^A-Za-z0-9_-]/g, '_')}.passed`);

function passedBefore(command, key) {
  try {
    return fs.readFileSync(passFile(command), 'utf8') === key;
  } catch {
    return false;
  }
}

function recordPass(command, key) {
  try {
    fs.mkdirSync(PASSED_DIR, { recursive: true });
    const tmp = `${passFile(command)}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, key);
    fs.renameSync(tmp, passFile(command));
  } catch {
    // a record is an optimisation: without it the check runs next time
  }
}

/** Prints one error line and exits 1. */
function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function readTasks() {
  try {
    return JSON.parse(fs.readFileSync(TASKS_FILE, 'utf8')).tasks;
  } catch (e) {
    return fail(`cannot read ${path.relative(root, TASKS_FILE)} (${e.code || e.message}): run npx projen`);
  }
}

/**
 * The commands of a task as [argv or shell string, env] pairs, following `spawn` steps. Only the
 * step shapes this repository's tasks use; anything else is refused rather than guessed.
 */
function commandsOf(tasks, name, args) {
  const task = tasks[name];
  if (!task) return fail(`no task "${name}" in .projen/tasks.json: run npx projen`);
  return (task.steps || []).flatMap((step) => {
    if (step.spawn) return commandsOf(tasks, step.spawn, []);
    const env = { ...task.env };
    delete env.PATH; // projen computes it with npx; node_modules/.bin is prepended below
    const extra = step.receiveArgs ? args : [];
    if (step.execArgs) {
      const argv = step.execArgs.includes('$@')
        ? step.execArgs.flatMap((a) => (a === '$@' ? extra : [a]))
        : [...step.execArgs, ...extra];
      return [{ argv, env }];
    }
    if (step.exec) return [{ shell: [step.exec, ...extra].join(' '), env }];
    return fail(`task "${name}" has a step cli/test.cjs cannot run: ${JSON.stringify(step)}`);
  });
}

/** Starts a command; resolves with its exit code and, when `capture`, its output. */
function run(command, { capture, priority }) {
  const env = { ...process.env, ...command.env, PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };
  const stdio = capture ? ['ignore', 'pipe', 'pipe'] : 'inherit';
  const child = command.argv
    ? spawn(command.argv[0], command.argv.slice(1), { cwd: root, env, stdio })
    : spawn(command.shell, { cwd: root, env, stdio, shell: true });
  if (priority !== undefined) {
    try {
      os.setPriority(child.pid, priority);
    } catch {
      // a priority is an optimisation: without it the check just competes with jest
    }
  }
  const chunks = [];
  if (capture) {
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
  }
  const started = Date.now();
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ code: 127, output: `${e.message}\n`, seconds: 0 }));
    child.on('close', (code, signal) => resolve({
      code: code ?? (signal ? 128 : 1),
      output: Buffer.concat(chunks).toString('utf8'),
      seconds: (Date.now() - started) / 1000,
    }));
  });
}

const label = (c) => (c.argv ? c.argv[0] : c.shell.split(' ')[0]);

async function main() {
  const tasks = readTasks();
  const args = process.argv.slice(2);
  const commands = commandsOf(tasks, 'test', args);
  const jest = commands.filter((c) => label(c) === 'jest');
  if (jest.length !== 1) fail('the test task must have exactly one jest step');
  const checks = commands.filter((c) => c !== jest[0]);

  const inputs = inputsDigest();
  const keys = checks.map((c) => passKey(c, inputs));
  const checkRuns = checks.map((c, i) => (passedBefore(c, keys[i])
    ? Promise.resolve({ code: 0, output: '', seconds: 0, unchanged: true })
    : run(c, { capture: true, priority: CHECK_PRIORITY })));
  const jestResult = await run(jest[0], { capture: false });
  const results = await Promise.all(checkRuns);

  let failed = false;
  for (const [i, r] of results.entries()) {
    if (r.output.trim() !== '') process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    if (r.code !== 0) failed = true;
    else if (!r.unchanged) recordPass(checks[i], keys[i]);
    const verdict = r.unchanged ? 'passed before with these inputs, not run again'
      : r.code === 0 ? `passed in ${r.seconds.toFixed(1)} s` : `FAILED (exit ${r.code}) in ${r.seconds.toFixed(1)} s`;
    process.stdout.write(`${label(checks[i])}: ${verdict}\n`);
  }
  process.exitCode = jestResult.code !== 0 ? jestResult.code : failed ? 1 : 0;
}

if (require.main === module) main().catch((e) => fail(`cannot run the tests: ${e && e.stack ? e.stack : String(e)}`));

module.exports = { commandsOf, inputsDigest, passKey };
