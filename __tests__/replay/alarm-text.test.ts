import { formatTrigger } from '../../scripts/lib/alarm-text';

describe('formatTrigger: how an alarm reads in the docs and the replay table', () => {
  test.each([
    [{ threshold: 10, periodSeconds: 300, evaluationPeriods: 1 }, '≥ 10 in 5 min'],
    [{ threshold: 1, periodSeconds: 300, evaluationPeriods: 3 }, '≥ 1 in 5 min, 3 consecutive periods'],
    [{ threshold: 1, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 }, '≥ 1 in 5 min, 3 consecutive periods'],
    [{ threshold: 2, periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 }, '≥ 2 in 1 min, 2 of 3 periods'],
    [{ threshold: 1, periodSeconds: 60, evaluationPeriods: 10, datapointsToAlarm: 1 }, '≥ 1 in 1 min, any of the last 10'],
  ])('GIVEN %j THEN it reads %s', (alarm, text) => {
    expect(formatTrigger(alarm)).toBe(text);
  });
});
