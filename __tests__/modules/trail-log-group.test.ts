import { TrailLogGroup } from '../../modules/trail-log-group';
import { Plan } from '../support/synth';

describe('TrailLogGroup', () => {
  // GIVEN a stack WHEN the log group is added
  const build = (preventDestroy?: boolean) =>
    Plan.ofScope((scope) => {
      new TrailLogGroup(scope, 'LogGroup', {
        trailName: 'acme-test-s3-audit',
        retentionInDays: 90,
        kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
        preventDestroy,
      });
    });

  test('THEN it is named after the trail, keeps events for the retention and is KMS-encrypted', () => {
    expect(build().only('aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/cloudtrail/acme-test-s3-audit',
      retention_in_days: 90,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/test',
      lifecycle: { prevent_destroy: false },
    });
  });

  test('WHEN destruction is blocked THEN it carries prevent_destroy', () => {
    expect(build(true).only('aws_cloudwatch_log_group').lifecycle.prevent_destroy).toBe(true);
  });
});
