import { ComplianceRule } from '../rule';

export const bucketTlsOnly: ComplianceRule = {
  id: 'bucket-tls-only',
  level: 'error',
  description: 'Every bucket policy denies any request made without TLS, on the bucket and its objects.',
  scannerIds: [],
  controls: ['Security Hub S3.5'],
  fix: 'add a Deny statement for principal "*", action s3:*, resources the bucket and bucket/*, condition Bool aws:SecureTransport false',
  needs: ['logBucket'],
  check(stack) {
    return stack.resources('aws_s3_bucket').flatMap((bucket) => {
      const statements = stack.settingsOf(bucket, 'aws_s3_bucket_policy').flatMap((policy) => stack.statementsOf(policy.config.policy) ?? []);
      const denies = statements.some(
        (s) =>
          s.effect === 'Deny' &&
          s.principals['*']?.includes('*') &&
          s.actions.includes('s3:*') &&
          s.resources.length >= 2 &&
          s.conditions.some((c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false')),
      );
      return denies ? [] : [{ resource: bucket.address, message: 'no bucket policy statement denies requests without TLS' }];
    });
  },
};
