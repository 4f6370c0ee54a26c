import { github, javascript, typescript, JsonFile, TextFile, YamlFile } from 'projen';

/**
 * The one source of package.json, tsconfig, jest config, tasks and CI for the platform monorepo.
 * Edit this file and run `npx projen`; never edit the generated files by hand.
 */
const SOURCE_DIRS = ['apps', 'cli', 'render', 'stacks', 'charts', 'constructs', 'environments', 'review', 'terraform-gate'];

const project = new typescript.TypeScriptAppProject({
  name: 'platform',
  description: 'Typed Kubernetes (cdk8s) and AWS (cdktf) estate rendered into a committed dist/',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsx() },
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',
  workflowNodeVersion: '20',
  typescriptVersion: '5.9.3',
  // owners' layout: several top-level source folders compiled into lib/
  srcdir: 'apps',
  libdir: 'lib',
  testdir: 'test',
  sampleCode: false,
  release: false,
  package: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  github: true,
  githubOptions: { mergify: false },
  // CI is the `ci` workflow of the "review and promotion" block below: it renders and
  // fails on a stale dist/ (never pushes a fresh render: mutableBuild false semantics)
  buildWorkflow: false,
  deps: [
    'cdk8s@2.70.98',
    'cdk8s-plus-28@2.5.6',
    'constructs@10.4.2',
    'cdktf@0.21.0',
    '@cdktf/provider-aws@20.1.0',
    // the config schema: types and load-time validation in one place; loads in ~6 ms (zod 4: ~50 ms)
    'valibot@1.5.0',
  ],
  devDeps: [
    'cdk8s-cli@2.207.56',
    // the stock cdktf CLI (`npm run synth:cdktf`), the version of cdktf; installs from the npm
    // registry on Node 20 (its pty module ships prebuilt binaries)
    'cdktf-cli@0.21.0',
    'tsx@4.20.6',
    '@swc/core@1.13.5',
    '@swc/jest@0.2.39',
    'kubernetes-models@4.5.1',
    'yaml@2.9.0',
    // bundles our sources for cli/launch.cjs; the version tsx brings
    'esbuild@0.25.12',
    // offline schemas of the CRDs we render; newer majors need Node 22 and ESM
    '@kubernetes-models/argo-rollouts@0.3.2',
    '@kubernetes-models/prometheus-operator@4.4.4',
    '@kubernetes-models/external-secrets@0.5.2',
    '@kubernetes-models/argo-cd@2.7.2',
    '@kubernetes-models/autoscaler@3.3.4',
    '@kubernetes-models/kyverno@0.3.4',
    '@types/node@20',
  ],
  jestOptions: {
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testEnvironment: 'node',
      // one worker per core: the child processes of the end-to-end suites already fill the gaps, and
      // every extra worker loads the libraries again (`npm test -- --maxWorkers=N`, alternated:
      // 34.1 and 34.2 s with 2 workers, 39.5 and 34.4 s with 3)
      maxWorkers: 2,
      // the run's temporary folder (in memory where the machine has /dev/shm) and one in-process
      // render of the repository per run, shared by the test files (test/helpers/render.ts)
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
      collectCoverage: false,
      // no watchman here: jest would look for it on every run
      watchman: false,
    },
  },
  tsconfig: {
    include: SOURCE_DIRS.map((d) => `${d}/**/*.ts`),
    compilerOptions: {
      rootDir: '.',
      lib: ['es2022'],
      target: 'ES2022',
      resolveJsonModule: true,
      esModuleInterop: true,
      skipLibCheck: true,
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: [...SOURCE_DIRS.map((d) => `${d}/**/*.ts`), 'test/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'cli/launch.cjs', 'cli/test.cjs'],
    compilerOptions: { allowJs: true },
  },
  gitignore: ['/.dist.tmp-*', '/.dist.old-*', '/.dist.lock', '/.bench/', '*.tfplan', '.terraform/', '.terraform.lock.hcl'],
  eslintOptions: {
    dirs: SOURCE_DIRS,
    devdirs: ['test', 'bench', '.projenrc.ts'],
    ignorePatterns: ['/dist/', '/lib/', 'node_modules/', '*.d.ts', '*.js'],
    prettier: false,
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
    // the test run reports, never rewrites; a warning fails it too; the cache makes re-runs fast
    commandOptions: { fix: false, extraArgs: ['--max-warnings=0', '--cache', '--cache-location', 'node_modules/.cache/eslint/'] },
  },
});

// Speed: @swc/jest transpiles test files several times faster than ts-jest (measured, see README).
project.deps.removeDependency('ts-jest');
// v4 pulls unrs-resolver, whose platform binaries npm 11 leaves out of the lock (npm ci fails)
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@3.6.3');
project.jest!.config.transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
project.jest!.config.preset = undefined;
project.package.addField('engines', { node: '>= 20' });
project.package.addField('private', true);

// The committed dist/ is the product: un-ignore it (projen ignores /dist/ by default).
project.gitignore.include('/dist/');
project.npmignore?.exclude('/dist/');
project.gitattributes.addAttributes('/dist/**', 'linguist-generated');

// The barrel import of the AWS provider costs seconds and hundreds of MB per process.
project.eslint!.addRules({
  'no-restricted-imports': ['error', {
    paths: [{
      name: '@cdktf/provider-aws',
      message: 'Import by deep path, e.g. @cdktf/provider-aws/lib/vpc (the barrel costs ~3.8 s and 570 MB).',
    }],
  }],
  'import/no-cycle': 'error',
  'import/no-extraneous-dependencies': ['error', { devDependencies: ['test/**', 'bench/**', '.projenrc.ts', 'review/**', 'terraform-gate/**', 'apps/diff.ts', 'apps/promote.ts', 'apps/validate-terraform.ts'] }],
});

// The launcher is plain CommonJS (no TypeScript loader on the render path) and linted like the rest:
// the same rules, type-aware ones included (tsconfig.dev.json takes it in with allowJs).
project.eslint!.addLintPattern('cli/launch.cjs');
project.eslint!.addLintPattern('cli/test.cjs');
project.eslint!.addOverride({
  files: ['*.cjs'],
  rules: { '@typescript-eslint/no-require-imports': 'off', 'import/no-extraneous-dependencies': 'off' },
} as any);

// --- tasks -------------------------------------------------------------------------------------
// Renders run as one esbuild bundle of our own sources (cli/launch.cjs; node_modules load natively,
// the bundle is rebuilt in ~0.1 s whenever a source changed): ~0.5 s per full render instead of
// ~1.4 s through tsx. Same code, same bytes (test/cli/launch.test.ts). Figures: README.md, "Performance".
const LAUNCH = 'node cli/launch.cjs';
const renderTasks: [string, string, string][] = [
  ['synth', 'apps/synth.ts', 'Render every environment (Kubernetes + Terraform) into dist/ atomically'],
  ['synth:k8s', 'apps/k8s.ts', 'Render only the Kubernetes manifests into dist/k8s'],
  ['synth:terraform', 'apps/infra.ts', 'Render only the Terraform stacks into dist/terraform'],
];
for (const [name, entry, description] of renderTasks) {
  project.addTask(name, { description, exec: `${LAUNCH} ${entry}`, receiveArgs: true });
  // `npm run synth` calls node directly: going through `projen synth` adds about 1.5 s of projen start-up
  project.package.setScript(name, `${LAUNCH} ${entry}`);
}
const synth = project.tasks.tryFind('synth')!;
project.addTask('validate:terraform', {
  description: 'terraform init + validate every stack in dist/terraform/stacks (offline with TF_PROVIDER_MIRROR)',
  exec: `${LAUNCH} apps/validate-terraform.ts`,
  receiveArgs: true,
});
// swc does not type-check: the test run does, once, for sources and tests.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check sources and tests (tsc --noEmit)',
  // incremental: an unchanged file is not checked again (about 3 s of 6 s saved on a re-run)
  exec: 'tsc --noEmit -p tsconfig.dev.json --incremental --tsBuildInfoFile node_modules/.cache/tsc/tsconfig.dev.tsbuildinfo',
});
project.testTask.prependSpawn(typecheck);
// outputs and reports are no sources: projen's default "**/*.ts" would type-check any .ts left
// there, and `npm test` only re-runs the type check when a file outside them changed
for (const folder of ['dist', 'lib', 'coverage', 'test-reports', '.bench']) project.tsconfigDev.addExclude(folder);
// `npm test` runs the test task's steps with the type checker and the linter beside jest, at a lower
// priority, instead of before and after it (cli/test.cjs reads the steps from .projen/tasks.json)
project.package.setScript('test', 'node cli/test.cjs');
// The build renders too, so a CI build with mutableBuild=false fails on a stale dist/.
project.postCompileTask.spawn(synth);

// The stock CLIs run the same app and write the same bytes.
new YamlFile(project, 'cdk8s.yaml', {
  obj: {
    language: 'typescript',
    app: `${LAUNCH} apps/k8s.ts`,
    output: 'dist/k8s',
    imports: [],
  },
});
// cdk8s-cli takes its update check only from a flag or CDK8S_CHECK_UPGRADE (not cdk8s.yaml); without
// it every run asks the npm registry and, offline, prints a stack trace. cdktf-cli's check and
// telemetry go off with CHECKPOINT_DISABLE.
project.package.setScript('synth:cdk8s', 'CDK8S_CHECK_UPGRADE=false cdk8s synth');
project.package.setScript('synth:cdktf', 'CHECKPOINT_DISABLE=1 cdktf synth');
new JsonFile(project, 'cdktf.json', {
  obj: {
    language: 'typescript',
    app: `${LAUNCH} apps/infra.ts`,
    output: 'dist/terraform',
    projectId: 'platform-monorepo',
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  },
});

// --- review and promotion ---
// `npm run diff` / `npm run promote` are plain package.json scripts, not projen tasks: a task turns
// every failure into exit 1 and prints a line of its own, and `diff --exit-code` exits 2.
project.package.setScript('diff', `${LAUNCH} apps/diff.ts`);
project.package.setScript('promote', `${LAUNCH} apps/promote.ts`);
// The render loop: re-renders the affected environments on every save and prints the short diff.
// `npm run watch` is the same loop (projen's default compiled to lib/ and rendered nothing).
const loop = 'Re-render on every save under environments/, constructs/, charts/, stacks/, render/, apps/ and print the short diff';
project.package.setScript('dev', `${LAUNCH} apps/synth.ts --watch`);
project.tasks.tryFind('watch')!.reset(`${LAUNCH} apps/synth.ts --watch`, { receiveArgs: true });
project.tasks.tryFind('watch')!.description = loop;

/** Every action pinned by full commit SHA (the tag it was taken from in the comment). */
const ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', // v4.2.2
  setupNode: 'actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af', // v4.1.0
  setupTerraform: 'hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd', // v3.1.2
  githubScript: 'actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea', // v7.0.1
};
/** The hidden marker that finds the one pull-request comment CI keeps up to date. */
const DIFF_COMMENT_MARKER = '<!-- platform-rendered-diff -->';
const READ = github.workflows.JobPermission.READ;
const WRITE = github.workflows.JobPermission.WRITE;
const setupSteps = (fetchDepth: number): github.workflows.JobStep[] => [
  { name: 'Checkout', uses: ACTIONS.checkout, with: { 'fetch-depth': fetchDepth, 'persist-credentials': false } },
  { name: 'Setup Node.js', uses: ACTIONS.setupNode, with: { 'node-version': '20', 'cache': 'npm' } },
  { name: 'Install dependencies', run: 'npm ci' },
];
const ci = new github.GithubWorkflow(project.github!, 'ci', {
  limitConcurrency: true,
  concurrencyOptions: { group: '${{ github.workflow }}-${{ github.ref }}', cancelInProgress: true },
});
ci.on({ pullRequest: {}, push: { branches: ['main'] }, workflowDispatch: {} });
ci.file?.addOverride('permissions', { contents: 'read' });
ci.addJobs({
  // Argo CD and Terraform Cloud pull from git: CI checks, it never deploys and never pushes a render.
  checks: {
    name: 'render, test, terraform gate',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: READ },
    env: { CI: 'true' },
    steps: [
      ...setupSteps(1),
      { name: 'Render dist/', run: 'npm run synth' },
      {
        name: 'Fail on a stale dist/',
        run: [
          'if ! git diff --exit-code --stat -- dist || [ -n "$(git ls-files --others --exclude-standard -- dist)" ]; then',
          '  git status --short -- dist',
          '  echo "::error::dist/ is stale: run npm run synth"',
          '  echo "dist/ is stale: run npm run synth (and commit dist/)"',
          '  exit 1',
          'fi',
        ].join('\n'),
      },
      { name: 'Test', run: 'npm test' },
      // the hosted runner has no provider mirror: terraform init uses the registry
      { name: 'Setup Terraform', uses: ACTIONS.setupTerraform, with: { terraform_version: '1.9.8', terraform_wrapper: false } },
      { name: 'Terraform gate', run: 'npm run validate:terraform' },
    ],
  },
  diff: {
    name: 'rendered diff',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: READ },
    outputs: { markdown: { stepId: 'diff', outputName: 'markdown' } },
    steps: [
      ...setupSteps(0),
      {
        id: 'diff',
        name: 'Semantic diff of the render',
        env: { BASE_REF: '${{ github.base_ref }}', EVENT: '${{ github.event_name }}' },
        run: [
          'if [ "$EVENT" = pull_request ]; then',
          '  npm run --silent diff -- --base "origin/$BASE_REF" --format markdown > rendered-diff.md',
          'elif git rev-parse --quiet --verify HEAD~1 > /dev/null; then',
          '  npm run --silent diff -- --base HEAD~1 --head HEAD --format markdown > rendered-diff.md',
          'else',
          '  npm run --silent diff -- --base HEAD --head HEAD --format markdown > rendered-diff.md',
          'fi',
          'cat rendered-diff.md >> "$GITHUB_STEP_SUMMARY"',
          'delimiter="EOF_$(openssl rand -hex 16)"',
          '{ echo "markdown<<$delimiter"; head -c 60000 rendered-diff.md; echo; echo "$delimiter"; } >> "$GITHUB_OUTPUT"',
        ].join('\n'),
      },
    ],
  },
  // The only job with a write token runs no code of the pull request: it posts what `diff` printed.
  comment: {
    name: 'pull-request comment',
    needs: ['diff'],
    if: "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name == github.repository",
    runsOn: ['ubuntu-latest'],
    permissions: { pullRequests: WRITE },
    steps: [{
      name: 'Post or update the rendered-diff comment',
      uses: ACTIONS.githubScript,
      env: { MARKDOWN: '${{ needs.diff.outputs.markdown }}' },
      with: {
        script: [
          `const marker = '${DIFF_COMMENT_MARKER}';`,
          "let text = process.env.MARKDOWN || '(no output)';",
          'if (text.length >= 59000) text = `${text.slice(0, 59000)}\\n\\n... truncated: run \\`npm run diff\\` for the whole report\\n`;',
          'const body = `${marker}\\n${text}`;',
          'const { owner, repo } = context.repo;',
          'const issue_number = context.issue.number;',
          'const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });',
          "const mine = comments.find((c) => c.user && c.user.type === 'Bot' && (c.body || '').includes(marker));",
          'if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });',
          'else await github.rest.issues.createComment({ owner, repo, issue_number, body });',
        ].join('\n'),
      },
    }],
  },
});

// Prod config and prod renders need a platform owner's review.
new TextFile(project, '.github/CODEOWNERS', {
  lines: [
    '# ~~ Generated by projen. To modify, edit .projenrc.ts and run "npx projen".',
    '# Production configuration and rendered production output: platform owners review.',
    '/environments/prod*                @acme/platform-owners',
    '/environments/versions/prod.json   @acme/platform-owners',
    '/dist/**/prod/**                   @acme/platform-owners',
    '# What every environment shares: the environment registry, the shared registry account, the catalog',
    '# (services and their IAM permissions), the schema and its rules, the platform add-ons.',
    '/environments/index.ts             @acme/platform-owners',
    '/environments/shared.ts            @acme/platform-owners',
    '/environments/catalog.ts           @acme/platform-owners',
    '/environments/platform*            @acme/platform-owners',
    '/environments/schema*              @acme/platform-owners',
    '/environments/naming.ts            @acme/platform-owners',
    '/environments/versions/*.schema.json @acme/platform-owners',
    '/dist/terraform/stacks/shared/**   @acme/platform-owners',
    '/.github/                          @acme/platform-owners',
    '',
  ],
});
// --- end of review and promotion ---

// --- hardening and benchmark ---
project.addTask('bench', {
  description: 'Benchmark the renders (wall time, peak memory; median of 5 runs) into .bench/results.json; never part of the tests',
  exec: `${LAUNCH} bench/bench.ts`,
  receiveArgs: true,
});
// --- end of hardening and benchmark ---

project.synth();
