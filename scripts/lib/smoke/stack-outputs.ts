/** The stack outputs a smoke run needs, read from `terraform output -json`. */

export interface StackOutputs {
  readonly trailArn: string;
  readonly logBucketName: string;
  readonly logGroupName: string;
  readonly alarmTopicArn: string;
  readonly kmsKeyArn: string;
}

const OUTPUT_NAMES: Record<keyof StackOutputs, string> = {
  trailArn: 'trail_arn',
  logBucketName: 'log_bucket_name',
  logGroupName: 'log_group_name',
  alarmTopicArn: 'alarm_topic_arn',
  kmsKeyArn: 'kms_key_arn',
};

export class MissingOutputsError extends Error {
  constructor(public readonly missing: readonly string[]) {
    super(
      missing.length === Object.keys(OUTPUT_NAMES).length
        ? 'the state has no outputs: nothing is deployed for this environment'
        : `the state lacks output${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: was it applied from an older synth?`,
    );
    this.name = 'MissingOutputsError';
  }
}

/** Parses `terraform output -json`; throws MissingOutputsError naming every output that is absent or not a string. */
export function parseStackOutputs(json: string): StackOutputs {
  const raw = JSON.parse(json) as Record<string, { value?: unknown } | undefined>;
  const entries = Object.entries(OUTPUT_NAMES).map(([field, output]) => [field, output, raw[output]?.value] as const);
  const missing = entries.filter(([, , value]) => typeof value !== 'string' || value === '').map(([, output]) => output);
  if (missing.length > 0) throw new MissingOutputsError(missing);
  return Object.fromEntries(entries.map(([field, , value]) => [field, value])) as unknown as StackOutputs;
}
