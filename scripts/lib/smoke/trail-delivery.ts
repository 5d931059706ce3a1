/**
 * Step 2: the trail is logging and delivering, to CloudWatch Logs and to the log bucket, with no
 * delivery error. The emulator cannot show this: only real AWS evaluates the role, bucket and key
 * policies the deliveries depend on.
 */
import { type CloudTrailClient, GetTrailStatusCommand, type GetTrailStatusCommandOutput } from '@aws-sdk/client-cloudtrail';
import { Clock, formatDuration, waitFor } from './bounded-wait';
import { fail, pass, StepResult } from './step-result';

export const TRAIL_STEP = 'trail logging';
const POLL_INTERVAL_MS = 30_000;

export type TrailStatus = Pick<
  GetTrailStatusCommandOutput,
  | 'IsLogging'
  | 'LatestDeliveryError'
  | 'LatestDeliveryTime'
  | 'LatestCloudWatchLogsDeliveryError'
  | 'LatestCloudWatchLogsDeliveryTime'
  | 'LatestDigestDeliveryError'
>;

export type TrailVerdict =
  | { readonly kind: 'pass'; readonly detail: string }
  | { readonly kind: 'fail'; readonly detail: string }
  /** Logging, no error yet, but not every delivery has happened: look again later. */
  | { readonly kind: 'waiting'; readonly missing: readonly string[] };

/** Reads one GetTrailStatus answer: stopped or erroring fails at once; delivery not started yet means wait. */
export function assessTrailStatus(status: TrailStatus): TrailVerdict {
  if (status.IsLogging !== true) {
    return {
      kind: 'fail',
      detail:
        'IsLogging false: the trail is stopped. Re-apply the environment (or StartLogging), and find who stopped it: ' +
        'trail-tampering should have fired',
    };
  }
  const errors = [
    status.LatestCloudWatchLogsDeliveryError &&
      `CloudWatch Logs delivery error "${status.LatestCloudWatchLogsDeliveryError}" (the delivery role's trust or policy, or the key policy's CloudWatch Logs statement)`,
    status.LatestDeliveryError &&
      `S3 delivery error "${status.LatestDeliveryError}" (the log bucket policy, or the key policy's CloudTrail statement)`,
    status.LatestDigestDeliveryError && `digest delivery error "${status.LatestDigestDeliveryError}" (the log bucket policy)`,
  ].filter((error): error is string => Boolean(error));
  if (errors.length > 0) return { kind: 'fail', detail: `IsLogging true, but ${errors.join('; ')}` };

  const missing = [
    !status.LatestCloudWatchLogsDeliveryTime && 'CloudWatch Logs delivery',
    !status.LatestDeliveryTime && 'S3 log file delivery',
  ].filter((gap): gap is string => Boolean(gap));
  if (missing.length > 0) return { kind: 'waiting', missing };
  return {
    kind: 'pass',
    detail:
      `IsLogging true, last CloudWatch Logs delivery ${status.LatestCloudWatchLogsDeliveryTime!.toISOString()}, ` +
      `last S3 log file delivery ${status.LatestDeliveryTime!.toISOString()}, no delivery error`,
  };
}

/** Whether events reach the log group: the deletion step is pointless without it. */
export function deliversToCloudWatchLogs(status: TrailStatus | undefined): boolean {
  return status?.IsLogging === true && !status.LatestCloudWatchLogsDeliveryError && Boolean(status.LatestCloudWatchLogsDeliveryTime);
}

export interface TrailDeliveryResult extends StepResult {
  readonly cloudWatchLogsDelivering: boolean;
}

export interface TrailDeliveryCheck {
  readonly cloudTrail: Pick<CloudTrailClient, 'send'>;
  readonly trailArn: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

export async function checkTrailDelivery(check: TrailDeliveryCheck): Promise<TrailDeliveryResult> {
  let last: TrailStatus | undefined;
  let lastVerdict: TrailVerdict | undefined;
  const outcome = await waitFor({
    what: "CloudTrail's first deliveries to CloudWatch Logs and to the log bucket",
    timeoutMs: check.timeoutMs,
    intervalMs: POLL_INTERVAL_MS,
    clock: check.clock,
    log: check.log,
    poll: async () => {
      last = await check.cloudTrail.send(new GetTrailStatusCommand({ Name: check.trailArn }));
      const verdict = assessTrailStatus(last);
      lastVerdict = verdict;
      return verdict.kind === 'waiting' ? undefined : verdict;
    },
  });
  const cloudWatchLogsDelivering = deliversToCloudWatchLogs(last);
  if (outcome.done) {
    const verdict = outcome.value;
    const result = verdict.kind === 'pass' ? pass(TRAIL_STEP, verdict.detail) : fail(TRAIL_STEP, verdict.detail);
    return { ...result, cloudWatchLogsDelivering };
  }
  const missing = lastVerdict?.kind === 'waiting' ? lastVerdict.missing.join(' and no ') : 'delivery';
  return {
    ...fail(
      TRAIL_STEP,
      `timed out after ${formatDuration(outcome.elapsedMs)}: still no ${missing} yet (IsLogging true, no delivery error reported). ` +
        'CloudTrail delivers within about 15 minutes; wait longer with --timeout-minutes, or check the trail in the console',
    ),
    cloudWatchLogsDelivering,
  };
}
