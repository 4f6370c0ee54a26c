import { booleanFlag, FlagError, listFlag, runCli, stringFlag } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import type { Format } from '../review/format';
import { describePromotion, promote } from '../review/promotion';

/**
 * `npm run promote -- <service> --from <env> --to <env> [--force] [--format text|markdown|json]`
 * (or `--all` instead of a service, or `--app <service>`): copies the image tag `--from` runs into
 * `--to`'s versions file, re-renders the `--to` environment and prints the diff. Refuses unknown
 * services or environments, and a promotion that skips an environment of the promotion order
 * unless --force.
 */
runCli(COMMANDS.promote, async (args) => {
  const from = stringFlag(args, 'from');
  const to = stringFlag(args, 'to');
  if (!from || !to) throw new FlagError(from ? '--to' : '--from', 'missing: npm run promote -- <service> --from <env> --to <env>');
  const services = [...args.positionals, ...listFlag(args, 'app')];
  const all = booleanFlag(args, 'all');
  if (all === (services.length > 0)) throw new FlagError('--all', all ? 'both --all and a service given; name services or pass --all' : 'no service given; name one service, or pass --all');
  const result = await promote({ services: all ? 'all' : services, from, to, force: booleanFlag(args, 'force') });
  process.stdout.write(describePromotion(result, (stringFlag(args, 'format') ?? 'text') as Format));
});
