/**
 * What replay makes of an alarm as synthesized: a simulation for the kind this project deploys,
 * counts per period (with the reason) for anything else, never a guess.
 */
import { alarmRuleOf } from '../../scripts/lib/replay/alarm-rule';
import { synthesizedDetections } from '../../scripts/lib/synthesized-patterns';
import { FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail/environment';

const deployed = {
  alarm_name: 'acme-test-s3-access-denied-probing',
  comparison_operator: 'GreaterThanOrEqualToThreshold',
  evaluation_periods: 1,
  metric_name: 'S3AccessDenied',
  namespace: 'S3AuditTrail/acme-test',
  period: 300,
  statistic: 'Sum',
  threshold: 10,
  treat_missing_data: 'notBreaching',
};

describe('alarmRuleOf', () => {
  test('GIVEN the alarm a detection deploys WHEN read THEN replay simulates its threshold, period and evaluation periods', () => {
    expect(alarmRuleOf([deployed])).toEqual({
      kind: 'threshold',
      alarmName: 'acme-test-s3-access-denied-probing',
      periodSeconds: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 10,
    });
  });

  test('GIVEN an environment override WHEN the stack is synthesized THEN the rule has the overridden settings', () => {
    const [detection] = synthesizedDetections(
      { ...FIXTURE_ENVIRONMENT, detections: { 's3-object-deletions': { threshold: 5, evaluationPeriods: 2, periodSeconds: 600 } } },
      FIXTURE_REFERENCES,
    ).filter((d) => d.id === 's3-object-deletions');
    expect(alarmRuleOf(detection.alarms)).toMatchObject({ kind: 'threshold', threshold: 5, evaluationPeriods: 2, periodSeconds: 600 });
  });

  test('GIVEN M of N (datapoints_to_alarm) WHEN read THEN it is kept', () => {
    expect(alarmRuleOf([{ ...deployed, evaluation_periods: 3, datapoints_to_alarm: 2 }])).toMatchObject({ evaluationPeriods: 3, datapointsToAlarm: 2 });
  });

  test('GIVEN an anomaly-band alarm WHEN read THEN it is reported as counts per period of its metric query period, because the band needs history', () => {
    const band = {
      alarm_name: 'acme-test-s3-deletes-volume',
      comparison_operator: 'GreaterThanUpperThreshold',
      evaluation_periods: 2,
      threshold_metric_id: 'band',
      metric_query: [
        { id: 'm', metric: { metric_name: 'S3Deletes', namespace: 'S3AuditTrail/acme-test', period: 900, stat: 'Sum' }, return_data: true },
        { id: 'band', expression: 'ANOMALY_DETECTION_BAND(m, 2)' },
      ],
    };
    expect(alarmRuleOf([band])).toEqual({
      kind: 'counts-per-period',
      alarmName: 'acme-test-s3-deletes-volume',
      periodSeconds: 900,
      reason: 'an anomaly band needs the metric history',
    });
  });

  test('GIVEN one anomaly band per bucket on the same metric WHEN read THEN still counts per period, for all of them', () => {
    const band = (bucket: string) => ({
      alarm_name: `acme-test-s3-unusual-delete-volume.${bucket}`,
      threshold_metric_id: 'expected',
      metric_query: [{ id: 'volume', metric: { metric_name: 'S3ObjectDeletesByBucket', dimensions: { Bucket: bucket }, period: 300 } }],
    });
    expect(alarmRuleOf([band('a'), band('b')])).toEqual({ kind: 'counts-per-period', periodSeconds: 300, reason: 'an anomaly band needs the metric history' });
  });

  test.each([
    ['a strict comparison', { comparison_operator: 'GreaterThanThreshold' }, /comparison GreaterThanThreshold/],
    ['another statistic', { statistic: 'Maximum' }, /statistic Maximum/],
    ['missing data breaching', { treat_missing_data: 'breaching' }, /missing data treated as breaching/],
  ])('GIVEN %s WHEN read THEN replay reports counts and says what it does not simulate', (_what, change, reason) => {
    const rule = alarmRuleOf([{ ...deployed, ...change }]);
    expect(rule.kind).toBe('counts-per-period');
    expect(rule.kind === 'counts-per-period' && rule.reason).toMatch(reason);
  });

  test('GIVEN no alarm on the metric WHEN read THEN counts per minute, the metric filter resolution', () => {
    expect(alarmRuleOf([])).toEqual({ kind: 'counts-per-period', periodSeconds: 60, reason: 'no alarm reads this metric' });
  });
});
