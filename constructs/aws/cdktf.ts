/**
 * The one door to cdktf. cdktf was archived upstream in December 2025; its community fork
 * `cdktn` is a drop-in, so switching means changing this file (and the provider package).
 */
export {
  App,
  CloudBackend,
  Fn,
  NamedCloudWorkspace,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
  Testing,
} from 'cdktf';
export type { ITerraformDependable } from 'cdktf';
