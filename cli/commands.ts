import type { CommandSpec, FlagSpec } from './cli';

/** Exit codes of a render. */
const RENDER_EXIT = ['0  rendered', '1  config error (one line naming environment, field and fix; dist/ untouched), flag error, or a bug'];

const env: FlagSpec = {
  type: 'string',
  multiple: true,
  valueName: 'name',
  description: 'only this environment (its dist/k8s/<env>/ and dist/terraform/stacks/<env>/)',
  default: 'every environment',
};
const app: FlagSpec = {
  type: 'string',
  multiple: true,
  valueName: 'name',
  description: 'only this Argo CD application folder (a service, namespaces, argocd, platform-*): dist/k8s/<env>/<app>/ (no Terraform)',
  default: 'every app',
};
const format: FlagSpec = { type: 'string', valueName: 'format', description: 'report format', choices: ['text', 'markdown', 'json'], default: 'text' };

/**
 * Every command's command line, in one place: the entry points parse with these, `--help` prints
 * them, and the tests check every command from this table.
 */
export const COMMANDS = {
  'synth': {
    name: 'npm run synth --',
    summary: 'Render every environment (Kubernetes + Terraform) and swap the result into dist/ atomically. '
      + 'With --env/--app only those folders are replaced; the rest of dist/ stays byte for byte.',
    flags: {
      out: { type: 'string', valueName: 'dir', description: 'render into this folder instead of dist/', default: 'dist' },
      env,
      app,
      watch: { type: 'boolean', description: 're-render on every save under environments/, constructs/, charts/, stacks/, render/, apps/ and print the short diff (npm run dev)' },
    },
    exitCodes: RENDER_EXIT,
    examples: ['npm run synth', 'npm run synth -- --env dev --app web', 'npm run synth -- --watch --env dev'],
  },
  'synth:k8s': {
    name: 'npm run synth:k8s --',
    summary: 'Render only the Kubernetes manifests into dist/k8s (or CDK8S_OUTDIR, set by `cdk8s synth`).',
    flags: {},
    exitCodes: RENDER_EXIT,
    examples: ['npm run synth:k8s', 'npx cdk8s synth'],
  },
  'synth:terraform': {
    name: 'npm run synth:terraform --',
    summary: 'Render only the Terraform stacks into dist/terraform (or CDKTF_OUTDIR, set by `cdktf synth`).',
    flags: {},
    exitCodes: RENDER_EXIT,
    examples: ['npm run synth:terraform', 'npx cdktf synth'],
  },
  'diff': {
    name: 'npm run diff --',
    summary: 'The rendered diff: the working tree\'s render (or the committed dist/ of --head) against the base\'s committed dist/, '
      + 'per environment -> app or stack -> object, with risk flags and a line diff of every changed object.',
    flags: {
      'base': { type: 'string', valueName: 'ref', description: 'the commit to compare with', default: 'the merge base of HEAD with main' },
      'head': { type: 'string', valueName: 'ref', description: 'compare the committed dist/ of this commit instead of rendering the working tree', default: 'the working tree' },
      format,
      env,
      app,
      'exit-code': { type: 'boolean', description: 'exit 2 when something changed' },
    },
    exitCodes: ['0  compared (changes or not)', '1  error', '2  something changed (with --exit-code)'],
    examples: ['npm run diff', 'npm run diff -- --env dev --app web', 'npm run diff -- --base origin/main --format markdown'],
  },
  'promote': {
    name: 'npm run promote --',
    summary: 'Copy the image tag --from runs into environments/versions/<to>.json, re-render the --to environment into dist/ and print the diff.',
    flags: {
      from: { type: 'string', valueName: 'env', description: 'the environment whose tags are copied (required)' },
      to: { type: 'string', valueName: 'env', description: 'the environment that gets them (required)' },
      app: { ...app, description: 'a service to promote (same as naming it as an argument)' },
      all: { type: 'boolean', description: 'promote every service of the catalog' },
      force: { type: 'boolean', description: 'allow skipping an environment or going backwards in the promotion order' },
      format,
    },
    positionals: { name: 'service...', max: Infinity },
    exitCodes: ['0  promoted (or nothing to promote)', '1  error (nothing written)'],
    examples: ['npm run promote -- web --from staging --to prod', 'npm run promote -- --all --from dev --to staging'],
  },
  'validate:terraform': {
    name: 'npm run validate:terraform --',
    summary: 'terraform init, validate, an offline plan and the plan checks for every stack of dist/terraform/stacks, in a temporary copy '
      + '(TF_PROVIDER_MIRROR names an offline provider mirror).',
    flags: {
      'plans-out': { type: 'string', valueName: 'dir', description: 'keep each stack\'s plan JSON in this folder', default: 'not kept' },
    },
    exitCodes: ['0  every stack valid (or terraform missing outside CI: SKIPPED)', '1  a stack invalid, or terraform missing with CI=true'],
    examples: ['TF_PROVIDER_MIRROR=/opt/tf-plugins npm run validate:terraform'],
  },
  'argocd-values': {
    name: 'node cli/launch.cjs apps/argocd-values.ts',
    summary: 'Print (as JSON, which Helm reads as YAML) the Argo CD chart values of one environment: what `helm install` bootstraps a cluster with.',
    flags: {
      env: { type: 'string', valueName: 'name', description: 'the environment (required)' },
    },
    exitCodes: ['0  printed', '1  unknown or missing environment, config error'],
    examples: ['node cli/launch.cjs apps/argocd-values.ts --env prod'],
  },
} as const satisfies Record<string, CommandSpec>;

/** A command of {@link COMMANDS}. */
export type CommandName = keyof typeof COMMANDS;

/** The entry point (under apps/) each command runs. */
export const ENTRY_POINTS: Readonly<Record<CommandName, string>> = {
  'synth': 'apps/synth.ts',
  'synth:k8s': 'apps/k8s.ts',
  'synth:terraform': 'apps/infra.ts',
  'diff': 'apps/diff.ts',
  'promote': 'apps/promote.ts',
  'validate:terraform': 'apps/validate-terraform.ts',
  'argocd-values': 'apps/argocd-values.ts',
};
