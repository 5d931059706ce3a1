/** The command line of `npm run smoke:aws`, parsed and checked before anything touches AWS. */
import { parseArgs } from 'node:util';

export const USAGE =
  'usage: npm run smoke:aws -- <env> [--no-deploy] [--destroy] [--bucket <name>] [--timeout-minutes <N>]';

export const DEFAULT_TIMEOUT_MINUTES = 20;

export interface SmokeArguments {
  readonly environmentName: string;
  /** Use the existing deployment instead of synthesizing and applying. */
  readonly deploy: boolean;
  readonly destroy: boolean;
  /** The watched bucket to write the test object to, instead of the default choice. */
  readonly bucket?: string;
  /** Bound of each wait on CloudTrail delivery. */
  readonly timeoutMinutes: number;
}

export type ParsedArguments =
  | { readonly kind: 'run'; readonly arguments: SmokeArguments }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly message: string };

export function parseSmokeArguments(args: readonly string[]): ParsedArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        'no-deploy': { type: 'boolean', default: false },
        destroy: { type: 'boolean', default: false },
        bucket: { type: 'string' },
        'timeout-minutes': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1) {
    return {
      kind: 'invalid',
      message: positionals.length === 0 ? 'no environment given' : `one environment at a time; got ${positionals.join(', ')}`,
    };
  }
  let timeoutMinutes = DEFAULT_TIMEOUT_MINUTES;
  if (values['timeout-minutes'] !== undefined) {
    const given = values['timeout-minutes'];
    timeoutMinutes = /^\d+(\.\d+)?$/.test(given) ? Number(given) : NaN;
    if (!(timeoutMinutes > 0 && timeoutMinutes <= 24 * 60)) {
      return { kind: 'invalid', message: `--timeout-minutes ${given}: expected a number of minutes greater than 0, at most 1440` };
    }
  }
  return {
    kind: 'run',
    arguments: {
      environmentName: positionals[0],
      deploy: !values['no-deploy'],
      destroy: values.destroy,
      ...(values.bucket !== undefined && { bucket: values.bucket }),
      timeoutMinutes,
    },
  };
}
