/**
 * Step 5 (`--destroy` only): `terraform destroy`. The stack's buckets are versioned and never
 * force-destroyed, so once the trail is gone the destroy stops at the log files they hold: those
 * buckets are emptied, every version, and the destroy runs again.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { deleteAllVersions } from './bucket-cleanup';
import { fail, pass, StepResult } from './step-result';
import { EnvironmentDeployment, terraformOutcome } from './terraform-stack';

export const DESTROY_STEP = 'destroy';
/** CloudTrail may still deliver a file it had in flight when the trail was deleted. */
const MAX_DESTROY_ATTEMPTS = 3;

/**
 * The buckets Terraform could not delete because they still hold objects, from its error blocks
 * (`Error: deleting S3 Bucket (<name>): ... BucketNotEmpty ...`).
 */
export function bucketsNotEmpty(terraformOutput: string): string[] {
  const names = terraformOutput
    .split(/^Error: /m)
    .filter((block) => block.includes('BucketNotEmpty'))
    .map((block) => /S3 Bucket \(([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\)/.exec(block)?.[1])
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)];
}

export interface DestroyRequest {
  readonly deployment: EnvironmentDeployment;
  readonly s3: Pick<S3Client, 'send'>;
  /** `<prefix>-<env>-`: only buckets named like the stack's own are ever emptied. */
  readonly stackBucketPrefix: string;
  readonly log: (line: string) => void;
}

export async function destroyEnvironment(request: DestroyRequest): Promise<StepResult> {
  const emptied = new Map<string, number>();
  let lastOutput = '';
  for (let attempt = 1; attempt <= MAX_DESTROY_ATTEMPTS; attempt++) {
    const run = await request.deployment.destroy();
    lastOutput = run.output;
    if (run.ok) {
      const outcome = terraformOutcome(run.output).replace(/\.$/, '');
      const after = [...emptied].map(([bucket, versions]) => `${versions} object version(s) from ${bucket}`).join(', ');
      return pass(DESTROY_STEP, `${outcome}${after ? `, after deleting ${after}` : ''}. The KMS key is scheduled for deletion, which AWS never does at once`);
    }
    const full = bucketsNotEmpty(run.output);
    if (full.length === 0) return fail(DESTROY_STEP, `terraform destroy failed: ${terraformOutcome(run.output)}`);
    const foreign = full.filter((bucket) => !bucket.startsWith(request.stackBucketPrefix));
    if (foreign.length > 0) {
      return fail(DESTROY_STEP, `terraform destroy stopped at ${foreign.join(', ')}, not named like this stack's buckets (${request.stackBucketPrefix}...): not emptying it`);
    }
    for (const bucket of full) {
      request.log(`  ${bucket} still holds objects: deleting every version, then destroying again`);
      emptied.set(bucket, (emptied.get(bucket) ?? 0) + (await deleteAllVersions(request.s3, bucket)));
    }
  }
  return fail(DESTROY_STEP, `terraform destroy failed ${MAX_DESTROY_ATTEMPTS} times: ${terraformOutcome(lastOutput)}`);
}
