import { option, runCli } from '../cli/cli';
import { ConfigError } from '../environments/errors';
import { checkArguments, formatOption } from '../review/command';
import { describePromotion, promote } from '../review/promotion';

/**
 * `npm run promote -- <service> --from <env> --to <env> [--force] [--format text|markdown|json]`
 * (or `--all` instead of a service): copies the image tag `--from` runs into `--to`'s versions
 * file, re-renders dist/ and prints the diff. Refuses unknown services or environments, and a
 * promotion that skips an environment of the promotion order unless --force.
 */
runCli(async ({ rest }) => {
  const positional = checkArguments(rest, ['--all', '--force'], ['--from', '--to', '--format'], 1);
  const format = formatOption(rest, 'text');
  const from = option(rest, '--from');
  const to = option(rest, '--to');
  if (!from || !to) throw new ConfigError('*', from ? '--to' : '--from', 'missing', 'run npm run promote -- <service> --from <env> --to <env>');
  const all = rest.includes('--all');
  if (all === (positional.length > 0)) {
    throw new ConfigError(from, 'service', all ? 'both --all and a service given' : 'no service given', 'name one service, or pass --all');
  }
  const result = await promote({ services: all ? 'all' : positional, from, to, force: rest.includes('--force') });
  process.stdout.write(describePromotion(result, format));
});
