/** The command line of `npm run replay`; anything it does not know is refused, never ignored. */

export const REPLAY_USAGE = `Usage: npm run replay -- [--env <environment>] [--json] [--trail-key-arn <arn>] [--expected-change-agent <arn pattern>]... <CloudTrail log files or folders>...

Evaluates every detection of an environment, as the environment synthesizes it, over CloudTrail
log files (.json.gz or .json, {"Records": [...]}); folders are searched recursively.

  --env <name>           the environment whose detections to evaluate (default: the first defined)
  --json                 print the report as JSON instead of a table
  --trail-key-arn <arn>  the trail key's ARN, known only after apply (terraform output kms_key_arn);
                         without it trail-key-tampering matches those calls on any key
  --expected-change-agent <arn pattern>
                         one more expected change agent for this replay (repeatable): what the
                         environment would page for if it declared it in expectedChangeAgents
  --help                 print this help

Exit codes: 0 every file read; 1 some files could not be read and were skipped; 2 could not start.`;

export interface ReplayOptions {
  readonly environment?: string;
  readonly json: boolean;
  readonly trailKeyArn?: string;
  /** Added to the environment's expectedChangeAgents for this replay. */
  readonly expectedChangeAgents: readonly string[];
  readonly paths: readonly string[];
}

export type ParsedArguments =
  | { readonly kind: 'run'; readonly options: ReplayOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const VALUE_OPTIONS = new Set(['--env', '--trail-key-arn', '--expected-change-agent']);

export function parseReplayArguments(args: readonly string[]): ParsedArguments {
  let environment: string | undefined;
  let trailKeyArn: string | undefined;
  const expectedChangeAgents: string[] = [];
  let json = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    // A path that starts with a dash goes after `--`; anything else with one is an option.
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const [name, inlineValue] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--help') return { kind: 'help' };
    if (name === '--json' && inlineValue === undefined) {
      json = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) return { kind: 'error', message: `unknown option ${name}` };
    const value = inlineValue ?? args[i + 1];
    if (inlineValue === undefined) i += 1;
    if (value === undefined || value === '' || (inlineValue === undefined && value.startsWith('--'))) {
      return { kind: 'error', message: `${name} needs a value` };
    }
    if (name === '--env') environment = value;
    else if (name === '--expected-change-agent') expectedChangeAgents.push(value);
    else if (!KMS_KEY_ARN.test(value)) return { kind: 'error', message: `--trail-key-arn: ${value} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)` };
    else trailKeyArn = value;
  }
  if (paths.length === 0) return { kind: 'error', message: 'no CloudTrail log files or folders given' };
  return { kind: 'run', options: { environment, json, trailKeyArn, expectedChangeAgents, paths } };
}
