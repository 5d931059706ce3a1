import { ComplianceRule } from '../rule';
import { escapeRegExp, isViolation, s3DataSelectors, theTrail } from '../rule-helpers';

export const trailExcludesLogBucket: ComplianceRule = {
  id: 'trail-excludes-log-bucket',
  level: 'error',
  description: "The trail never records data events on its own log bucket, which would log every log delivery in a loop.",
  scannerIds: [],
  fix: 'for every bucket, exclude arn:<partition>:s3:::<log bucket>/ with not_starts_with; in a list, leave the log bucket out',
  needs: ['trail'],
  check(stack, context) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const logObjects = new RegExp(`^arn:[^:]+:s3:::${escapeRegExp(context.logBucketName)}/$`);
    return s3DataSelectors(trail).flatMap((fields) => {
      const arn = (fields['resources.ARN'] ?? {}) as Record<string, string[] | string | undefined>;
      // On the exported module both lists are Terraform expressions over var.watched_buckets: the
      // exclusion must be in the expression, and a precondition refuses the log bucket in the list.
      if (typeof arn.not_starts_with === 'string' || typeof arn.starts_with === 'string') {
        const excludes = typeof arn.not_starts_with === 'string' && arn.not_starts_with.includes(`:s3:::${context.logBucketName}/`);
        return excludes ? [] : [{ resource: trail.address, message: 'the data event selector does not exclude the log bucket when every bucket is watched' }];
      }
      const startsWith = (arn.starts_with ?? []) as string[];
      const included = startsWith.some((prefix) => {
        const partition = /^arn:([^:]+):/.exec(prefix)?.[1] ?? 'aws';
        const logBucketObjects = `arn:${partition}:s3:::${context.logBucketName}/`;
        return logBucketObjects.startsWith(prefix) || prefix.startsWith(logBucketObjects);
      });
      const excluded = ((arn.not_starts_with ?? []) as string[]).some((prefix) => logObjects.test(prefix));
      if (included) return [{ resource: trail.address, message: 'a data event selector includes the log bucket' }];
      if (!arn.starts_with && !excluded) return [{ resource: trail.address, message: 'a data event selector records every bucket without excluding the log bucket' }];
      return [];
    });
  },
};
