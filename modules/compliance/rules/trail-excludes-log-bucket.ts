import { ComplianceRule } from '../rule';
import { isViolation, s3DataSelectors, theTrail } from '../rule-helpers';

export const trailExcludesLogBucket: ComplianceRule = {
  id: 'trail-excludes-log-bucket',
  level: 'error',
  description: "The trail never records data events on its own log bucket, which would log every log delivery in a loop.",
  scannerIds: [],
  fix: 'for every bucket, exclude arn:<partition>:s3:::<log bucket>/ with not_starts_with; in a list, leave the log bucket out',
  check(stack, context) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const logObjects = new RegExp(`^arn:[a-z-]+:s3:::${context.logBucketName.replace(/\./g, '\\.')}/$`);
    return s3DataSelectors(trail).flatMap((fields) => {
      const arn = fields['resources.ARN'] ?? {};
      const included = (arn.starts_with ?? []).some((prefix) => {
        const partition = /^arn:([^:]+):/.exec(prefix)?.[1] ?? 'aws';
        const logBucketObjects = `arn:${partition}:s3:::${context.logBucketName}/`;
        return logBucketObjects.startsWith(prefix) || prefix.startsWith(logBucketObjects);
      });
      const excluded = (arn.not_starts_with ?? []).some((prefix) => logObjects.test(prefix));
      if (included) return [{ resource: trail.address, message: 'a data event selector includes the log bucket' }];
      if (!arn.starts_with && !excluded) return [{ resource: trail.address, message: 'a data event selector records every bucket without excluding the log bucket' }];
      return [];
    });
  },
};
