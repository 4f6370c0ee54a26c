'use strict';
/**
 * Fast entry point: `node apps/launch.cjs apps/synth.ts [args...]` runs a TypeScript entry point
 * of this repository as one esbuild bundle of our own sources, while node_modules (cdk8s,
 * cdk8s-plus-28, cdktf, the AWS provider) load natively. Running the sources through tsx costs
 * about 1 s more per render, most of it tsx's loader hooks on every module; esbuild bundles our
 * sources in about 0.1 s, so the bundle is rebuilt whenever one of its inputs changed (size or
 * modification time) and reused otherwise. Same code, same bytes: only the loading differs.
 *
 * The bundle lives in lib/.bundle/ (ignored by git), inside the repository so that the
 * repository root is found from it exactly as from the sources. Plain JavaScript on purpose:
 * anything that needs a TypeScript loader would pay the cost this file avoids.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Bumped when the build options change, so that old bundles are rebuilt. */
const BUILD_VERSION = 1;

const root = path.resolve(__dirname, '..');
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg || !entryArg.endsWith('.ts')) {
  process.stderr.write('usage: node apps/launch.cjs <entry point>.ts [arguments]\n');
  process.exit(1);
}
const entry = path.resolve(root, entryArg);
const name = path.relative(root, entry).replace(/\.ts$/, '').replace(/[^A-Za-z0-9_-]+/g, '_');
const outDir = path.join(root, 'lib', '.bundle');
const out = path.join(outDir, `${name}.cjs`);
const stampFile = path.join(outDir, `${name}.inputs.json`);

/** Size and modification time of a file, or undefined when it is gone. */
function signature(file) {
  try {
    const s = fs.statSync(path.join(root, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** True when the bundle exists and none of its inputs changed since it was built. */
function isFresh() {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return stamp.version === BUILD_VERSION && fs.existsSync(out)
      && Object.entries(stamp.inputs).every(([file, sig]) => signature(file) === sig);
  } catch {
    return false;
  }
}

/** Bundles the entry point; files are written under temporary names and renamed into place. */
function build() {
  const esbuild = require(require.resolve('esbuild', { paths: [root, path.join(root, 'node_modules', 'tsx')] }));
  const result = esbuild.buildSync({
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
  fs.mkdirSync(outDir, { recursive: true });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), 'tsconfig.json', 'package.json'].sort()) {
    inputs[file] = signature(file);
  }
  const files = [...result.outputFiles.map((f) => [f.path, f.contents]), [stampFile, JSON.stringify({ version: BUILD_VERSION, inputs }, null, 1)]];
  for (const [file, contents] of files) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  }
}

if (!isFresh()) {
  try {
    build();
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
process.argv = [process.argv[0], entry, ...args];
require(out);
