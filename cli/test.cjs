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
/** Nice value of the checks (`nice -n`): jest keeps the CPU whenever it can use it. */
const CHECK_PRIORITY = 19;
/** Where each check records the inputs it last passed with. */
const PASSED_DIR = path.join(root, 'node_modules', '.cache', 'platform-checks');
/**
 * Folders that are no input of a check: git's own data, and what the type check excludes
 * (tsconfig.dev.json, from .projenrc.ts: installed packages, outputs, reports). Read from there so
 * that a folder the digest skips is never one the type check reads.
 */
const NOT_INPUTS = new Set(['.git', ...JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.dev.json'), 'utf8')
  .replace(/^\/\/.*$/mg, '')).exclude]);
/** Inputs inside node_modules: what is installed. */
const INSTALL_FILES = ['node_modules/.package-lock.json'];

/** sha-1 of every input file of the repository at `dir` (sorted paths) as one digest. */
function inputsDigest(dir = root) {
  const digest = crypto.createHash('sha1');
  // a file or folder that disappears while it is read (an editor's swap file, a render's
  // temporary folder) is no input
  const gone = (e) => e && e.code === 'ENOENT';
  const walk = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if (gone(e)) return;
      throw e;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!NOT_INPUTS.has(file)) walk(file);
      } else if (entry.isFile()) {
        let content;
        try {
          content = fs.readFileSync(path.join(dir, file));
        } catch (e) {
          if (gone(e)) continue;
          throw e;
        }
        digest.update(`${file}\0`).update(crypto.createHash('sha1').update(content).digest());
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

/** Every child started, so that a signal to this process reaches them too. */
const children = new Set();

/**
 * Starts a command; resolves with its exit code (128 + the signal's number when a signal ended
 * it) and, when `capture`, its output. With `nice`, the command runs under `nice -n <value>`
 * from its first instruction (a priority set after the start would miss the threads the process
 * made already, and a shell's child).
 */
function run(command, { capture, nice }) {
  const env = { ...process.env, ...command.env, PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };
  const stdio = capture ? ['ignore', 'pipe', 'pipe'] : 'inherit';
  let argv = command.argv ?? ['sh', '-c', command.shell];
  if (nice !== undefined && process.platform !== 'win32') argv = ['nice', '-n', String(nice), ...argv];
  const child = spawn(argv[0], argv.slice(1), { cwd: root, env, stdio });
  children.add(child);
  const chunks = [];
  if (capture) {
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
  }
  const started = Date.now();
  return new Promise((resolve) => {
    child.on('error', (e) => {
      children.delete(child);
      resolve({ code: 127, output: `${label(command)}: cannot start: ${e.message}\n`, seconds: 0 });
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({
        code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1),
        output: Buffer.concat(chunks).toString('utf8'),
        seconds: (Date.now() - started) / 1000,
      });
    });
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
  // npm, a CI cancel or a terminal stops the whole run, not only this process
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      for (const child of children) child.kill(signal);
    });
  }

  const inputs = inputsDigest();
  const keys = checks.map((c) => passKey(c, inputs));
  const checkRuns = checks.map((c, i) => (passedBefore(c, keys[i])
    ? Promise.resolve({ code: 0, output: '', seconds: 0, unchanged: true })
    : run(c, { capture: true, nice: CHECK_PRIORITY })));
  const jestResult = await run(jest[0], { capture: false });
  if (jestResult.output) process.stderr.write(jestResult.output);
  const results = await Promise.all(checkRuns);
  // a pass counts for the inputs the check read: recorded only if nothing changed meanwhile
  const recordable = results.some((r) => r.code === 0 && !r.unchanged) && inputsDigest() === inputs;

  let failed = false;
  for (const [i, r] of results.entries()) {
    if (r.output.trim() !== '') process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    if (r.code !== 0) failed = true;
    else if (!r.unchanged && recordable) recordPass(checks[i], keys[i]);
    const verdict = r.unchanged ? 'passed before with these inputs, not run again'
      : r.code === 0 ? `passed in ${r.seconds.toFixed(1)} s` : `FAILED (exit ${r.code}) in ${r.seconds.toFixed(1)} s`;
    process.stdout.write(`${label(checks[i])}: ${verdict}\n`);
  }
  process.exitCode = jestResult.code !== 0 ? jestResult.code : failed ? 1 : 0;
}

if (require.main === module) main().catch((e) => fail(`cannot run the tests: ${e && e.stack ? e.stack : String(e)}`));

module.exports = { commandsOf, inputsDigest, passKey };
