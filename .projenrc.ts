import { javascript, typescript, JsonFile, YamlFile } from 'projen';

/**
 * The one source of package.json, tsconfig, jest config, tasks and CI for the platform monorepo.
 * Edit this file and run `npx projen`; never edit the generated files by hand.
 */
const SOURCE_DIRS = ['apps', 'constructs', 'charts', 'environments'];

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
  // the PR build renders and fails on any change instead of pushing a fresh render
  buildWorkflow: true,
  buildWorkflowOptions: { mutableBuild: false },
  deps: [
    'cdk8s@2.70.98',
    'cdk8s-plus-28@2.5.6',
    'constructs@10.4.2',
    'cdktf@0.21.0',
    '@cdktf/provider-aws@20.1.0',
  ],
  devDeps: [
    'cdk8s-cli@2.207.56',
    'tsx@4.20.6',
    '@swc/core@1.13.5',
    '@swc/jest@0.2.39',
    'kubernetes-models@4.5.1',
    'yaml@2.9.0',
    // offline schemas of the CRDs we render; newer majors need Node 22 and ESM
    '@kubernetes-models/argo-rollouts@0.3.2',
    '@kubernetes-models/prometheus-operator@4.4.4',
    '@kubernetes-models/cert-manager@4.4.4',
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
      maxWorkers: 2,
      collectCoverage: false,
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
    include: [...SOURCE_DIRS.map((d) => `${d}/**/*.ts`), 'test/**/*.ts', 'bench/**/*.ts', '.projenrc.ts'],
    compilerOptions: {},
  },
  gitignore: ['/.dist.tmp-*', '/.dist.old-*', '/.bench/', '*.tfplan', '.terraform/', '.terraform.lock.hcl'],
  eslintOptions: {
    dirs: SOURCE_DIRS,
    devdirs: ['test', 'bench', '.projenrc.ts'],
    ignorePatterns: ['dist/', 'lib/', 'node_modules/', '*.d.ts', '*.js'],
    prettier: false,
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
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
  'import/no-extraneous-dependencies': ['error', { devDependencies: ['test/**', 'bench/**', '.projenrc.ts', 'apps/tools/**'] }],
});

// --- tasks -------------------------------------------------------------------------------------
const TSX = 'node --import tsx';
const synth = project.addTask('synth', {
  description: 'Render every environment (Kubernetes + Terraform) into dist/ atomically',
  exec: `${TSX} apps/synth.ts`,
  receiveArgs: true,
});
project.addTask('synth:k8s', {
  description: 'Render only the Kubernetes manifests into dist/k8s',
  exec: `${TSX} apps/k8s.ts`,
  receiveArgs: true,
});
project.addTask('synth:terraform', {
  description: 'Render only the Terraform stacks into dist/terraform',
  exec: `${TSX} apps/infra.ts`,
  receiveArgs: true,
});
project.addTask('validate:terraform', {
  description: 'terraform init + validate every stack in dist/terraform/stacks (offline with TF_PROVIDER_MIRROR)',
  exec: `${TSX} apps/tools/validate-terraform.ts`,
  receiveArgs: true,
});
// swc does not type-check: the test run does, once, for sources and tests.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check sources and tests (tsc --noEmit)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);
// The build renders too, so a CI build with mutableBuild=false fails on a stale dist/.
project.postCompileTask.spawn(synth);

// The stock CLIs run the same app and write the same bytes.
new YamlFile(project, 'cdk8s.yaml', {
  obj: {
    language: 'typescript',
    app: `${TSX} apps/k8s.ts`,
    output: 'dist/k8s',
    imports: [],
  },
});
new JsonFile(project, 'cdktf.json', {
  obj: {
    language: 'typescript',
    app: `${TSX} apps/infra.ts`,
    output: 'dist/terraform',
    projectId: 'platform-monorepo',
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  },
});

project.synth();
