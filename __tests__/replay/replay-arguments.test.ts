/** The command line of `npm run replay`: what it accepts, and that it refuses anything else. */
import { parseReplayArguments } from '../../scripts/lib/replay/replay-arguments';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('parseReplayArguments', () => {
  test('GIVEN paths only WHEN parsed THEN the default environment, a table, no key ARN', () => {
    expect(parseReplayArguments(['logs/', 'one.json.gz'])).toEqual({ kind: 'run', options: { environment: undefined, json: false, trailKeyArn: undefined, expectedChangeAgents: [], paths: ['logs/', 'one.json.gz'] } });
  });

  test.each([
    [['--env', 'prod', '--json', '--trail-key-arn', KEY, 'logs/']],
    [['--env=prod', '--json', `--trail-key-arn=${KEY}`, 'logs/']],
    [['logs/', '--json', '--env', 'prod', '--trail-key-arn', KEY]],
  ])('GIVEN options in any order and form (%j) WHEN parsed THEN they are read', (args) => {
    expect(parseReplayArguments(args)).toEqual({ kind: 'run', options: { environment: 'prod', json: true, trailKeyArn: KEY, expectedChangeAgents: [], paths: ['logs/'] } });
  });

  test('GIVEN --expected-change-agent twice, in both forms WHEN parsed THEN both are kept in order', () => {
    const agents = ['arn:aws:iam::123456789012:role/terraform-deploy', 'arn:aws:iam::123456789012:user/ci'];
    expect(parseReplayArguments(['--expected-change-agent', agents[0], `--expected-change-agent=${agents[1]}`, 'logs/'])).toMatchObject({
      kind: 'run',
      options: { expectedChangeAgents: agents, paths: ['logs/'] },
    });
    expect(parseReplayArguments(['--expected-change-agent', 'logs/'])).toEqual({ kind: 'error', message: 'no CloudTrail log files or folders given' });
  });

  test('GIVEN -- WHEN parsed THEN what follows is paths, even when it looks like an option', () => {
    expect(parseReplayArguments(['--', '--json'])).toMatchObject({ kind: 'run', options: { json: false, paths: ['--json'] } });
  });

  test('GIVEN --help WHEN parsed THEN help, whatever else is given', () => {
    expect(parseReplayArguments(['--bogus', '--help'])).toEqual({ kind: 'error', message: 'unknown option --bogus' });
    expect(parseReplayArguments(['logs/', '--help'])).toEqual({ kind: 'help' });
  });

  test.each([
    [['--bogus', 'logs/'], 'unknown option --bogus'],
    [['-j', 'logs/'], 'unknown option -j'],
    [['--json=yes', 'logs/'], 'unknown option --json'],
    [['--env'], '--env needs a value'],
    [['--env', '--json', 'logs/'], '--env needs a value'],
    [['--env=', 'logs/'], '--env needs a value'],
    [['--trail-key-arn', 'alias/trail', 'logs/'], '--trail-key-arn: alias/trail is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)'],
    [['--json'], 'no CloudTrail log files or folders given'],
  ])('GIVEN %j WHEN parsed THEN it is refused: %s', (args, message) => {
    expect(parseReplayArguments(args)).toEqual({ kind: 'error', message });
  });
});
