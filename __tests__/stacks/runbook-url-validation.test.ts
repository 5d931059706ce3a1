import { parseEnvironments } from '../../stacks/load-environments';
import { RUNBOOK_BASE_URL_EXPECTED } from '../../stacks/runbook-url-schema';
import { definitionProblems, validEnvironment } from '../support/environments';
import { Plan } from '../support/synth';

/** The problems an invalid definition reports. */
const problemsOf = (runbookBaseUrl: unknown): readonly string[] => definitionProblems([validEnvironment({ runbookBaseUrl: runbookBaseUrl as string })]);

describe('GIVEN an environment with runbookBaseUrl', () => {
  test.each([
    ['http, not https', 'http://wiki.example.com/runbooks'],
    ['a relative path', 'docs/detections.md'],
    ['no domain', 'https://wiki/runbooks'],
    ['a "#" part, which each alarm adds', 'https://wiki.example.com/runbooks#top'],
    ['a space', 'https://wiki.example.com/run books'],
    ['a quote', 'https://wiki.example.com/"runbooks"'],
    ['301 characters', `https://wiki.example.com/${'r'.repeat(276)}`],
    ['a number', 42],
  ])('WHEN it has %s THEN it is refused, naming the environment, the field, the value and what is accepted', (_what, value) => {
    expect(problemsOf(value)).toEqual([`environment "test", field runbookBaseUrl: ${JSON.stringify(value)} is not accepted; ${RUNBOOK_BASE_URL_EXPECTED}`]);
  });

  test('WHEN it is an https URL THEN every alarm description links <runbookBaseUrl>#<id>', () => {
    const [env] = parseEnvironments([validEnvironment({ runbookBaseUrl: 'https://wiki.example.com/security/s3-audit-trail?version=2' })]);
    const alarms = Object.values(Plan.ofEnvironment(env).resources('aws_cloudwatch_metric_alarm')) as any[];
    const detection = alarms.find((alarm) => alarm.alarm_name === 'acme-test-s3-object-deletions');
    expect(detection.alarm_description).toMatch(/ Runbook: https:\/\/wiki\.example\.com\/security\/s3-audit-trail\?version=2#s3-object-deletions$/);
    const unlinked = alarms.filter((alarm) => !String(alarm.alarm_description).includes('Runbook: https://wiki.example.com/security/s3-audit-trail?version=2#'));
    expect(unlinked.map((alarm) => alarm.alarm_name)).toEqual([]);
    expect(alarms.length).toBeGreaterThan(40);
  });
});
