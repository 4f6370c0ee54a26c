import { runCli } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import { diffCommand } from '../review/command';

/**
 * `npm run diff [-- --base <ref>] [--head <ref>] [--format markdown|text|json] [--env <e>] [--app <a>] [--exit-code]`:
 * a semantic diff of the rendered output (per environment -> app or stack -> object, field by
 * field and line by line, risk flags first) between the base's committed dist/ and the working
 * tree's render. Exit 0; with --exit-code, 2 when something changed; 1 on error.
 */
runCli(COMMANDS.diff, (args) => diffCommand(args));
