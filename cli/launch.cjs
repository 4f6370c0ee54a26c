'use strict';
/**
 * The one way to run a TypeScript entry point of this repository: `node cli/launch.cjs
 * apps/synth.ts [args...]`. npm scripts, `cdk8s.yaml`, `cdktf.json`, the benchmark and the tests'
 * child processes all go through it; jest alone runs the sources in process (swc).
 *
 * Two esbuild bundles, both in lib/.bundle/ (ignored by git):
 * - our sources: every entry point of apps/ in one build (apps/<name>.cjs), so switching between
 *   synth, synth:k8s, synth:terraform, diff and promote rebuilds nothing; an entry point outside
 *   apps/ (a benchmark child, a test fixture) gets its own build;
 * - the libraries (cdk8s, cdktf, the AWS provider...): vendor.cjs, one lazy getter per module id,
 *   so a config error still answers before cdk8s and cdktf load, and there is one copy of
 *   `constructs` and `cdktf`. Our bundles reach it through an esbuild plugin that turns every
 *   library import into `require("../vendor.cjs")[id]`: no patched `require`.
 *
 * Staleness is decided by content: a bundle is rebuilt when the sha-1 of any of its inputs (every
 * source file it contains, tsconfig.json, package.json, this file) differs from the one recorded
 * when it was built; the vendor bundle when the lock files' hashes change or an import names a
 * library it lacks. A build that goes stale is kept (hard links, lib/.bundle/previous/, the last
 * few per group): when the sources match it again (an edit undone, a branch switched back) it is
 * put back instead of rebuilt. Plain JavaScript on purpose: anything that needs a TypeScript
 * loader would pay the cost this file avoids. Failures say what failed and what to do, and exit 1.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/** Bumped when the shape of the bundles changes, so that old ones are rebuilt. */
const BUILD_VERSION = 3;
const builtins = new Set(Module.builtinModules);
const root = path.resolve(__dirname, '..');
const bundleDir = path.join(root, 'lib', '.bundle');
const vendorOut = path.join(bundleDir, 'vendor.cjs');
const vendorStampFile = path.join(bundleDir, 'vendor.inputs.json');
const vendorCodeCache = path.join(bundleDir, 'vendor.v8-cache');
/** What decides whether the installed libraries changed: npm rewrites these on every install. */
const INSTALL_FILES = ['package-lock.json', 'node_modules/.package-lock.json'];
/** Inputs of every bundle of our sources besides the files it contains. */
const CONFIG_FILES = ['tsconfig.json', 'package.json', 'cli/launch.cjs'];
/** Where builds that went stale are kept, and how many per group. */
const previousDir = path.join(bundleDir, 'previous');
const PREVIOUS_KEPT = 4;

/** Prints one error line and exits 1. */
function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

/** sha-1 of a file of the repository, or null when it is missing. */
function hash(file) {
  try {
    return crypto.createHash('sha1').update(fs.readFileSync(path.join(root, file))).digest('hex');
  } catch {
    return null;
  }
}

/** The stamp at `file` when it exists, matches this launcher and none of its inputs changed. */
function freshStamp(file, outputs) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const fresh = stamp.version === BUILD_VERSION && outputs(stamp).every((o) => fs.existsSync(o))
    && Object.entries(stamp.inputs).every(([input, sha]) => hash(input) === sha);
  return fresh ? stamp : undefined;
}

/** Makes `to` the same file as `from` (a hard link, or a copy where links are refused), atomically. */
function linkAtomically(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  try {
    fs.linkSync(from, tmp);
  } catch {
    fs.copyFileSync(from, tmp);
  }
  fs.renameSync(tmp, to);
}

/**
 * The kept builds' folders of `group` (exactly: another group's name may start with this one's;
 * group names hold only [A-Za-z0-9_-], see groupOf).
 */
function keptOf(group) {
  if (!fs.existsSync(previousDir)) return [];
  const own = new RegExp(`^${group}-[0-9a-f]{40}$`);
  return fs.readdirSync(previousDir).filter((d) => own.test(d)).sort();
}

/** Every file of a group's build folder. */
function buildFiles(outDir) {
  const files = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => !f.endsWith('.tmp')).sort() : [];
  return files.map((f) => path.join(outDir, f));
}

/**
 * Keeps the group's current build before it is replaced: its files are linked (not copied) into
 * lib/.bundle/previous/<group>-<sha-1 of its stamp>/, and only the last PREVIOUS_KEPT stay.
 * Links are safe because no bundle file is ever written in place: every write is a rename.
 * Best effort: a build that cannot be kept is simply built again when needed.
 */
function keepBuild(group, outDir, stampFile) {
  try {
    const stampText = fs.readFileSync(stampFile, 'utf8');
    // a build whose entry bundles are not all there is not worth keeping
    const { entries } = JSON.parse(stampText);
    if (!entries.every((e) => fs.existsSync(path.join(outDir, `${path.basename(e, '.ts')}.cjs`)))) return;
    const kept = path.join(previousDir, `${group}-${crypto.createHash('sha1').update(stampText).digest('hex')}`);
    if (!fs.existsSync(path.join(kept, 'inputs.json'))) {
      for (const file of buildFiles(outDir)) linkAtomically(file, path.join(kept, 'out', path.basename(file)));
      // the stamp last: a half-kept build has none and is never used
      linkAtomically(stampFile, path.join(kept, 'inputs.json'));
    }
    const now = new Date();
    fs.utimesSync(kept, now, now);
    const mine = keptOf(group).map((d) => ({ d, t: fs.statSync(path.join(previousDir, d)).mtimeMs })).sort((a, b) => b.t - a.t);
    for (const { d } of mine.slice(PREVIOUS_KEPT)) fs.rmSync(path.join(previousDir, d), { recursive: true, force: true });
  } catch {
    // keeping a build is an optimisation: without it the next undo builds again
  }
}

/**
 * Puts back a kept build of the group whose inputs all match the sources as they are now;
 * returns its stamp, or undefined when none does. The stamp is written last, so a run that dies
 * half-way leaves a stale stamp and the next run restores or builds again.
 */
function restoreBuild(group, entries, outDir, stampFile) {
  for (const d of keptOf(group)) {
    const kept = path.join(previousDir, d);
    const outputs = (s) => s.entries.map((e) => path.join(kept, 'out', `${path.basename(e, '.ts')}.cjs`));
    const stamp = freshStamp(path.join(kept, 'inputs.json'), outputs);
    if (!stamp || JSON.stringify(stamp.entries) !== JSON.stringify(entries)) continue;
    try {
      const files = fs.readdirSync(path.join(kept, 'out')).filter((f) => !f.endsWith('.tmp'));
      for (const f of files) linkAtomically(path.join(kept, 'out', f), path.join(outDir, f));
      // files of the replaced build that the kept one lacks would be stale
      for (const f of fs.existsSync(outDir) ? fs.readdirSync(outDir) : []) {
        if (!files.includes(f) && !f.endsWith('.tmp')) fs.rmSync(path.join(outDir, f), { force: true });
      }
      linkAtomically(path.join(kept, 'inputs.json'), stampFile);
      const now = new Date();
      fs.utimesSync(kept, now, now);
      return stamp;
    } catch (e) {
      // a full or read-only disk is reported; a kept build removed meanwhile (another run pruned
      // it) is only a miss: the stamp is still stale, so the build below writes every file
      if (e && FILE_SYSTEM_ADVICE[e.code]) throw e;
    }
  }
  return undefined;
}

/** Writes files under temporary names and renames them into place: a crash leaves no half file. */
function writeAtomically(files) {
  for (const [file, contents] of files) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  }
}

function loadEsbuild() {
  try {
    return require(require.resolve('esbuild', { paths: [root] }));
  } catch (e) {
    return fail(`cannot build lib/.bundle: esbuild is not installed (${e.message.split('\n')[0]}); run npm ci`);
  }
}

/** Runs an esbuild build and stops esbuild's service, so that no esbuild process outlives the command. */
async function esbuildBuild(options) {
  const esbuild = loadEsbuild();
  try {
    return await esbuild.build({ ...options, write: false, logLevel: 'silent' });
  } catch (e) {
    if (e && Array.isArray(e.errors) && e.errors.length > 0) {
      // a syntax or import error in our sources: report it as the compiler would
      for (const m of e.errors) {
        const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '';
        process.stderr.write(`error: ${at}${m.text}\n`);
      }
      return fail('the bundle was not built: fix the error above and run again');
    }
    throw e;
  } finally {
    await esbuild.stop();
  }
}

/**
 * Serves every library import from vendor.cjs (`../vendor.cjs` from the bundle's folder) and
 * records the module ids it saw.
 */
function vendorPlugin(seen) {
  return {
    name: 'vendor',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/vendor\.cjs$/, namespace: 'vendor' }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const id = args.path;
        if (id.startsWith('node:') || builtins.has(id)) return undefined;
        seen.add(id);
        return { path: id, namespace: 'vendor' };
      });
      build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
        contents: `module.exports = require("../vendor.cjs")[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/** Builds one group of entry points into `outDir`; returns its stamp. */
async function buildGroup(entries, outDir, stampFile) {
  const seen = new Set();
  const started = Date.now();
  const result = await esbuildBuild({
    absWorkingDir: root,
    entryPoints: entries.map((e) => path.join(root, e)),
    outdir: outDir,
    entryNames: '[name]',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    plugins: [vendorPlugin(seen)],
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('vendor:')), ...CONFIG_FILES].sort()) {
    inputs[file] = hash(file);
    // saved while esbuild read it: the bundle may hold the older text, so the stamp must not
    // vouch for this one (the next run builds again; a kept copy is never put back for it)
    const saved = inputs[file] === null ? 0 : fs.statSync(path.join(root, file)).mtimeMs;
    if (saved >= started && saved <= Date.now()) inputs[file] = 'changed-during-build';
  }
  const stamp = { version: BUILD_VERSION, entries, externals: [...seen].sort(), inputs };
  writeAtomically([...result.outputFiles.map((f) => [f.path, f.contents]), [stampFile, JSON.stringify(stamp, null, 1)]]);
  return stamp;
}

/** Bundles the libraries `externals` names into vendor.cjs, one lazy getter per module id. */
async function buildVendor(externals) {
  const contents = externals
    .map((id) => `Object.defineProperty(exports, ${JSON.stringify(id)}, { enumerable: true, get: () => require(${JSON.stringify(id)}) });`)
    .join('\n');
  const result = await esbuildBuild({
    stdin: { contents, resolveDir: root, sourcefile: 'vendor-entry.js', loader: 'js' },
    outfile: vendorOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['esbuild'],
  });
  const inputs = {};
  for (const file of INSTALL_FILES) inputs[file] = hash(file);
  writeAtomically([...result.outputFiles.map((f) => [f.path, f.contents]),
    [vendorStampFile, JSON.stringify({ version: BUILD_VERSION, externals, inputs }, null, 1)]]);
}

/** The entry points built together with `entry`: every apps/*.ts for an app, else `entry` alone. */
function groupOf(entry) {
  if (path.dirname(entry) === 'apps') {
    const apps = fs.readdirSync(path.join(root, 'apps')).filter((f) => f.endsWith('.ts')).sort().map((f) => `apps/${f}`);
    return { name: 'apps', entries: apps };
  }
  return { name: entry.replace(/\.ts$/, '').replace(/[^A-Za-z0-9_-]+/g, '_'), entries: [entry] };
}

/**
 * Loads vendor.cjs into require's cache through V8's code cache: compiling the 4 MB bundle is a
 * third of a command's start-up (`--help`: 110 -> 70 ms CPU) and a sixth of a full render. The
 * cache holds the functions that had run when it was written, so it is written at the exit of a
 * run without one, and again by a run that took more than twice the CPU time of the run that wrote
 * it (a `--help` makes a thin cache, the next render a full one). It is keyed by the bundle's stamp,
 * this file (which decides how the bundle is built) and the Node version (V8 itself only checks the
 * source's length); without a usable cache the bundle compiles as `require` would compile it.
 */
function preloadVendor(vendorStamp) {
  let source;
  try {
    source = fs.readFileSync(vendorOut, 'utf8');
  } catch {
    return;
  }
  const key = crypto.createHash('sha1')
    .update(JSON.stringify([BUILD_VERSION, vendorStamp, hash('cli/launch.cjs'), process.version, process.arch, source.length])).digest('hex');
  // header: the key (40 hex digits), then the CPU microseconds of the run that wrote it (12 digits)
  const HEADER = key.length + 12;
  let cachedData;
  let writerCpu = 0;
  try {
    const cache = fs.readFileSync(vendorCodeCache);
    if (cache.subarray(0, key.length).toString('latin1') === key) {
      writerCpu = Number(cache.subarray(key.length, HEADER).toString('latin1'));
      cachedData = cache.subarray(HEADER);
    }
  } catch {
    // no cache yet
  }
  const filename = fs.realpathSync(vendorOut);
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  const vendor = new Module(filename, module);
  vendor.filename = filename;
  vendor.paths = Module._nodeModulePaths(path.dirname(filename));
  require.cache[filename] = vendor;
  script.runInThisContext().call(vendor.exports, vendor.exports, Module.createRequire(filename), vendor, filename, path.dirname(filename));
  vendor.loaded = true;
  process.once('exit', () => {
    const cpu = process.cpuUsage();
    const used = cpu.user + cpu.system;
    if (cachedData && !script.cachedDataRejected && used <= 2 * writerCpu) return;
    try {
      const header = Buffer.from(`${key}${String(Math.round(used)).padStart(12, '0').slice(-12)}`, 'latin1');
      writeAtomically([[vendorCodeCache, Buffer.concat([header, script.createCachedData()])]]);
    } catch {
      // a cache is an optimisation: a read-only lib/ just compiles every time
    }
  });
}

async function main() {
  const [entryArg, ...args] = process.argv.slice(2);
  if (!entryArg || !entryArg.endsWith('.ts')) fail('usage: node cli/launch.cjs <entry point>.ts [arguments]');
  const entry = path.relative(root, path.resolve(root, entryArg)).split(path.sep).join('/');
  if (entry.startsWith('..') || !fs.existsSync(path.join(root, entry))) fail(`no entry point ${entryArg} in ${root}`);
  const group = groupOf(entry);
  const outDir = path.join(bundleDir, group.name);
  const stampFile = path.join(bundleDir, `${group.name}.inputs.json`);
  const out = path.join(outDir, `${path.basename(entry, '.ts')}.cjs`);

  let stamp = freshStamp(stampFile, (s) => [out, ...s.entries.map((e) => path.join(outDir, `${path.basename(e, '.ts')}.cjs`))]);
  if (stamp && JSON.stringify(stamp.entries) !== JSON.stringify(group.entries)) stamp = undefined;
  if (!stamp) {
    if (fs.existsSync(stampFile)) keepBuild(group.name, outDir, stampFile);
    stamp = restoreBuild(group.name, group.entries, outDir, stampFile) ?? await buildGroup(group.entries, outDir, stampFile);
  }

  // the vendor bundle only grows: a bundle that needs fewer libraries reuses it as it is
  let vendorStamp = freshStamp(vendorStampFile, () => [vendorOut]);
  if (!vendorStamp || !stamp.externals.every((id) => vendorStamp.externals.includes(id))) {
    await buildVendor([...new Set([...(vendorStamp ? vendorStamp.externals : []), ...stamp.externals])].sort());
    vendorStamp = freshStamp(vendorStampFile, () => [vendorOut]);
  }

  // with --verbose, traces point at the TypeScript sources (only then: source maps make Node
  // parse the inline maps of every library module, about 0.5 s)
  if (args.includes('--verbose')) process.setSourceMapsEnabled(true);
  process.argv = [process.argv[0], path.join(root, entry), ...args];
  if (vendorStamp) preloadVendor(vendorStamp);
  require(out);
}

/** What to do about a system error while building or caching the bundles (as the writer says it). */
const FILE_SYSTEM_ADVICE = {
  ENOSPC: 'the disk is full: free some space and run again',
  EDQUOT: 'the disk quota is exhausted: free some space and run again',
  EACCES: 'permission denied: make lib/.bundle writable by you and run again',
  EPERM: 'operation not permitted: make lib/.bundle writable by you and run again',
  EROFS: 'the file system is read-only: run from a writable checkout',
};

main().catch((e) => {
  const advice = e && FILE_SYSTEM_ADVICE[e.code];
  // a full or read-only disk is no bug: one line, like the writer's, and no half-written bundle
  if (advice) {
    for (const f of fs.existsSync(bundleDir) ? fs.readdirSync(bundleDir, { recursive: true }) : []) {
      if (String(f).endsWith(`.${process.pid}.tmp`)) fs.rmSync(path.join(bundleDir, String(f)), { force: true });
    }
    fail(`cannot write ${e.path ? path.relative(root, e.path) || e.path : 'lib/.bundle'} (${e.code}): ${advice}; nothing was rendered`);
  }
  fail(`cannot run ${process.argv[2]}: ${e && e.stack ? e.stack : String(e)}`);
});
