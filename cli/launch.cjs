'use strict';
/**
 * Fast entry point: `node cli/launch.cjs apps/synth.ts [args...]` runs a TypeScript entry point
 * of this repository as one esbuild bundle of our own sources, while node_modules (cdk8s,
 * cdk8s-plus-28, cdktf, the AWS provider) load natively. Running the sources through tsx costs
 * about 1 s more per render, most of it tsx's loader hooks on every module; esbuild bundles our
 * sources in about 0.1 s, so the bundle is rebuilt whenever one of its inputs changed (size or
 * modification time) and reused otherwise. Same code, same bytes: only the loading differs.
 *
 * The libraries (cdk8s, cdk8s-plus-28, cdktf, the AWS provider...) go into a second bundle,
 * lib/.bundle/vendor.cjs, rebuilt only when the installed packages or the set of modules our
 * sources import change: loading one file instead of ~600 saves about 0.3 s per render. Every
 * library a source imports is served from that one bundle (a single copy of `constructs` and
 * `cdktf`), lazily: a module is evaluated on its first require, so a config error still answers
 * before cdk8s and cdktf load.
 *
 * The bundles live in lib/.bundle/ (ignored by git), inside the repository so that the
 * repository root is found from them exactly as from the sources. Plain JavaScript on purpose:
 * anything that needs a TypeScript loader would pay the cost this file avoids.
 */
const fs = require('node:fs');
const Module = require('node:module');
const builtinModules = new Set(Module.builtinModules);
const path = require('node:path');

/** Bumped when the build options change, so that old bundles are rebuilt. */
const BUILD_VERSION = 2;

const root = path.resolve(__dirname, '..');
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg || !entryArg.endsWith('.ts')) {
  process.stderr.write('usage: node cli/launch.cjs <entry point>.ts [arguments]\n');
  process.exit(1);
}
const entry = path.resolve(root, entryArg);
const name = path.relative(root, entry).replace(/\.ts$/, '').replace(/[^A-Za-z0-9_-]+/g, '_');
const outDir = path.join(root, 'lib', '.bundle');
const out = path.join(outDir, `${name}.cjs`);
const stampFile = path.join(outDir, `${name}.inputs.json`);
const vendorOut = path.join(outDir, 'vendor.cjs');
const vendorStampFile = path.join(outDir, 'vendor.inputs.json');
/** What decides whether the installed libraries changed: npm rewrites these on every install. */
const INSTALL_FILES = ['package-lock.json', 'node_modules/.package-lock.json'];

/** Size and modification time of a file, or undefined when it is gone. */
function signature(file) {
  try {
    const s = fs.statSync(path.join(root, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The stamp of a bundle when it exists and none of its inputs changed since it was built. */
function freshStamp(stampPath, output) {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampPath, 'utf8'));
    const fresh = stamp.version === BUILD_VERSION && fs.existsSync(output)
      && Object.entries(stamp.inputs).every(([file, sig]) => signature(file) === sig);
    return fresh ? stamp : undefined;
  } catch {
    return undefined;
  }
}

function loadEsbuild() {
  return require(require.resolve('esbuild', { paths: [root, path.join(root, 'node_modules', 'tsx')] }));
}

/** Writes files under temporary names and renames them into place (a crash leaves no half file). */
function writeAtomically(files) {
  fs.mkdirSync(outDir, { recursive: true });
  for (const [file, contents] of files) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  }
}

/**
 * Bundles every library our sources import into vendor.cjs, one lazy getter per module id, so
 * that `require(id)` from our bundle returns exactly what a plain require would.
 */
function buildVendor(externals) {
  const contents = externals
    .map((id) => `Object.defineProperty(exports, ${JSON.stringify(id)}, { enumerable: true, get: () => require(${JSON.stringify(id)}) });`)
    .join('\n');
  const result = loadEsbuild().buildSync({
    stdin: { contents, resolveDir: root, sourcefile: 'vendor-entry.js', loader: 'js' },
    outfile: vendorOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['esbuild'],
    write: false,
    logLevel: 'silent',
  });
  const inputs = {};
  for (const file of INSTALL_FILES) inputs[file] = signature(file);
  writeAtomically([...result.outputFiles.map((f) => [f.path, f.contents]),
    [vendorStampFile, JSON.stringify({ version: BUILD_VERSION, externals, inputs }, null, 1)]]);
}

/** Bundles the entry point; files are written under temporary names and renamed into place. */
function build() {
  const result = loadEsbuild().buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), 'tsconfig.json', 'package.json'].sort()) {
    inputs[file] = signature(file);
  }
  // the libraries this bundle requires at run time (node built-ins excluded)
  const externals = [...new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports)
    .filter((i) => i.external && !i.path.startsWith('node:') && !builtinModules.has(i.path)).map((i) => i.path))].sort();
  const stamp = { version: BUILD_VERSION, inputs, externals };
  writeAtomically([...result.outputFiles.map((f) => [f.path, f.contents]), [stampFile, JSON.stringify(stamp, null, 1)]]);
  return stamp;
}

let stamp = freshStamp(stampFile, out);
if (!stamp) {
  try {
    stamp = build();
  } catch (e) {
    if (e && Array.isArray(e.errors) && e.errors.length > 0) {
      // a syntax error in our sources: report it like the compiler would, and stop
      for (const m of e.errors) {
        const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '';
        process.stderr.write(`error: ${at}${m.text}\n`);
      }
      process.exit(1);
    }
    // no esbuild: run the sources through tsx, as before
    require(require.resolve('tsx/cjs', { paths: [root] }));
    process.argv = [process.argv[0], entry, ...args];
    require(entry);
    return;
  }
}

// with --verbose, traces point at the TypeScript sources, not at the bundle (only then: source
// maps make Node parse the inline maps of every library module, about 0.5 s)
if (args.includes('--verbose')) process.setSourceMapsEnabled(true);
const vendorStamp = freshStamp(vendorStampFile, vendorOut);
if (!vendorStamp || JSON.stringify(vendorStamp.externals) !== JSON.stringify(stamp.externals)) buildVendor(stamp.externals);
const vendor = require(vendorOut);
const vendored = new Set(stamp.externals);
const plainRequire = Module.prototype.require;
Module.prototype.require = function requireVendored(id) {
  return vendored.has(id) ? vendor[id] : plainRequire.apply(this, arguments);
};

process.argv = [process.argv[0], entry, ...args];
require(out);
