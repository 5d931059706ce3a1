import { DETECTION_CATALOG } from '../../modules/detections';
import { parseEnvironments } from '../../stacks/load-environments';
import { validEnvironment } from '../support/environments';
import { Plan } from '../support/synth';

/**
 * How fast an alarm can fire is set by its period, evaluation periods and datapoints to alarm: an
 * any-occurrence detection looks at one-minute periods, fires on any single breaching one among the
 * last ten (so a match CloudTrail delivers late still counts), and a count-over-a-window detection
 * keeps its five-minute window. Asserted on the alarms as synthesized.
 */
const WINDOWED = new Map([
  ['s3-access-denied-probing', 10],
  ['cis-unauthorized-api-calls', 5],
  ['cis-console-auth-failures', 3],
  ['console-signin-failures', 3],
]);

describe('GIVEN an environment with every detection at its defaults', () => {
  const [env] = parseEnvironments([validEnvironment()]);
  const plan = Plan.ofEnvironment(env);
  const alarms = Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as Record<string, unknown>[];
  const alarmOf = (id: string) => alarms.find((alarm) => alarm.alarm_name === `acme-test-${id}`);

  test.each(DETECTION_CATALOG.filter((d) => !WINDOWED.has(d.id)).map((d) => d.id))(
    'WHEN synthesized THEN %s alarms on any single match in one-minute periods, any of the last ten',
    (id) => {
      expect(alarmOf(id)).toMatchObject({
        period: 60,
        evaluation_periods: 10,
        datapoints_to_alarm: 1,
        threshold: 1,
        statistic: 'Sum',
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
      });
    },
  );

  test.each([...WINDOWED])('WHEN synthesized THEN %s keeps its five-minute window: %d or more in one period of 300 s', (id, threshold) => {
    expect(alarmOf(id)).toMatchObject({ period: 300, evaluation_periods: 1, datapoints_to_alarm: 1, threshold });
  });

  test('WHEN an environment asks for fewer evaluation periods than datapoints THEN the alarm needs every period it evaluates', () => {
    const [overridden] = parseEnvironments([validEnvironment({ detections: { 's3-object-deletions': { evaluationPeriods: 3 }, 's3-access-denied-probing': { evaluationPeriods: 2 } } })]);
    const overriddenAlarms = Object.values(Plan.ofEnvironment(overridden).resources('aws_cloudwatch_metric_alarm')) as Record<string, unknown>[];
    const named = (id: string) => overriddenAlarms.find((alarm) => alarm.alarm_name === `acme-test-${id}`);
    expect(named('s3-object-deletions')).toMatchObject({ period: 60, evaluation_periods: 3, datapoints_to_alarm: 1 });
    expect(named('s3-access-denied-probing')).toMatchObject({ period: 300, evaluation_periods: 2, datapoints_to_alarm: 2 });
  });
});
