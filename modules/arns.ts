/**
 * ARNs built from names rather than read from resources.
 *
 * The trail's ARN is needed inside the key policy, the bucket policy and the role's trust policy,
 * all of which must exist before the trail does. Reading `aws_cloudtrail.arn` would make a cycle,
 * so the ARN is built from the trail's name, which is fixed at synth time. The same holds for the
 * log group ARN in the key policy (the key must exist before the log group it encrypts).
 */

/** Where a stack's resources live: the parts every ARN shares. */
export interface AwsLocation {
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /**
   * The partition's DNS suffix (`amazonaws.com`, `amazonaws.com.cn`), for the exported module,
   * where the partition is known only at plan time (`data.aws_partition.dns_suffix`).
   * @default derived from the partition
   */
  readonly dnsSuffix?: string;
}

export function trailArn(at: AwsLocation, trailName: string): string {
  return `arn:${at.partition}:cloudtrail:${at.region}:${at.accountId}:trail/${trailName}`;
}

export function logGroupArn(at: AwsLocation, logGroupName: string): string {
  return `arn:${at.partition}:logs:${at.region}:${at.accountId}:log-group:${logGroupName}`;
}

export function accountRootArn(at: AwsLocation): string {
  return `arn:${at.partition}:iam::${at.accountId}:root`;
}

/** Every CloudWatch alarm whose name starts with `alarmNamePrefix`. */
export function alarmArnPattern(at: AwsLocation, alarmNamePrefix: string): string {
  return `arn:${at.partition}:cloudwatch:${at.region}:${at.accountId}:alarm:${alarmNamePrefix}*`;
}

/** Every EventBridge rule on the account's default bus whose name starts with `ruleNamePrefix`. */
export function eventRuleArnPattern(at: AwsLocation, ruleNamePrefix: string): string {
  return `arn:${at.partition}:events:${at.region}:${at.accountId}:rule/${ruleNamePrefix}*`;
}

export function s3BucketArn(partition: string, bucketName: string): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** A service principal; China regions use the `amazonaws.com.cn` suffix for regional principals. */
export function regionalServicePrincipal(at: AwsLocation, service: string): string {
  const suffix = at.dnsSuffix ?? (at.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');
  return `${service}.${at.region}.${suffix}`;
}

/**
 * The log streams CloudTrail creates in its log group: `<account>_CloudTrail_<region>`, with a
 * `_<n>` suffix when the volume needs several (CloudTrail User Guide, "CloudWatch log group and
 * log stream naming for CloudTrail").
 */
export function cloudTrailLogStreamsArn(logGroupArn: string, accountId: string): string {
  return `${logGroupArn}:log-stream:${accountId}_CloudTrail_*`;
}

/**
 * The streams an organization trail creates in its log group, `<organization id>_...` (CloudTrail
 * User Guide, "Role policy document for CloudTrail to use CloudWatch Logs for monitoring").
 */
export function organizationTrailLogStreamsArn(logGroupArn: string, organizationId: string): string {
  return `${logGroupArn}:log-stream:${organizationId}_*`;
}

/** Every trail of the account, in any region: the form CloudTrail's encryption context takes. */
export function anyTrailOfAccountArn(at: Pick<AwsLocation, 'partition' | 'accountId'>): string {
  return `arn:${at.partition}:cloudtrail:*:${at.accountId}:trail/*`;
}

/** The region field of a regional ARN (`arn:<partition>:<service>:<region>:<account>:...`). */
export function regionOfArn(arn: string): string {
  const region = arn.split(':')[3];
  if (!region) throw new Error(`${arn} is not a regional ARN`);
  return region;
}
