import { EnvironmentsDefinitionError, parseEnvironments } from '../../stacks/load-environments';
import { ENVIRONMENTS } from '../../stacks/environments';
import { validEnvironment } from '../support/environments';

/** The one problem an invalid definition reports. */
function problemOf(raw: unknown): string {
  try {
    parseEnvironments(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentsDefinitionError);
    const { problems } = error as EnvironmentsDefinitionError;
    expect(problems).toHaveLength(1);
    return problems[0];
  }
  throw new Error('expected the definition to be rejected');
}

describe('environments definition', () => {
  test('GIVEN the built-in definition THEN dev, staging and prod are valid', () => {
    expect(parseEnvironments(ENVIRONMENTS).map((env) => env.name)).toEqual(['dev', 'staging', 'prod']);
  });

  test('GIVEN a minimal environment THEN defaults are applied', () => {
    const [env] = parseEnvironments([validEnvironment({ tags: undefined, alarmEmails: undefined })]);
    expect(env).toMatchObject({ tags: {}, alarmEmails: [], detections: {}, managementEventReadWriteType: 'All', backend: { type: 'local' } });
  });

  describe('bad input names the environment, the field, the value and what is accepted', () => {
    test('WHEN the account id is not 12 digits', () => {
      expect(problemOf([validEnvironment({ accountId: '12345' })])).toBe(
        'environment "test", field accountId: "12345" is not a 12-digit AWS account id',
      );
    });

    test('WHEN the account id is a number', () => {
      expect(problemOf([validEnvironment({ accountId: 123456789012 as never })])).toMatch(
        /^environment "test", field accountId: 123456789012 is not a string; expected a 12-digit AWS account id in quotes$/,
      );
    });

    test('WHEN the region is unknown', () => {
      const problem = problemOf([validEnvironment({ region: 'us-middle-1' })]);
      expect(problem).toMatch(/^environment "test", field region: "us-middle-1" is not a known AWS region; accepted: .*eu-west-1.*us-east-1/);
    });

    test('WHEN the retention is one CloudWatch Logs does not accept', () => {
      expect(problemOf([validEnvironment({ logRetentionDays: 100 })])).toBe(
        'environment "test", field logRetentionDays: 100 is not a retention CloudWatch Logs accepts; accepted: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
      );
    });

    test('WHEN an email address is malformed', () => {
      expect(problemOf([validEnvironment({ alarmEmails: ['ok@example.com', 'not-an-email'] })])).toBe(
        'environment "test", field alarmEmails[1]: "not-an-email" is not a valid email address',
      );
    });

    test("WHEN a watched bucket is the trail's own log bucket", () => {
      expect(problemOf([validEnvironment({ watchedBuckets: ['acme-data', 'acme-test-audit-logs-123456789012'] })])).toBe(
        'environment "test", field watchedBuckets[1]: "acme-test-audit-logs-123456789012" is the trail\'s own log bucket; watching it would log every log delivery. Remove it',
      );
    });

    test('WHEN two environments share a name', () => {
      expect(problemOf([validEnvironment(), validEnvironment({ accountId: '210987654321' })])).toBe(
        'environment "test", field name: "test" is defined more than once; expected unique environment names',
      );
    });

    test.each([0, -1])('WHEN a detection threshold is %d', (threshold) => {
      expect(problemOf([validEnvironment({ detections: { 'trail-tampering': { threshold } } })])).toBe(
        `environment "test", field detections.trail-tampering.threshold: ${threshold} is not positive; expected a threshold greater than 0`,
      );
    });

    test('WHEN a detection id is unknown', () => {
      expect(problemOf([validEnvironment({ detections: { 'no-such-detection': { enabled: false } } as never })])).toMatch(
        /^environment "test", field detections.no-such-detection: "no-such-detection" is not a detection id; accepted: s3-object-deletions, /,
      );
    });

    test('WHEN a field is not one an environment has THEN the nearest and every accepted field are listed', () => {
      expect(problemOf([{ ...validEnvironment(), retentionDays: 30 }])).toBe(
        'environment "test": unknown field "retentionDays" (did you mean "logRetentionDays"?); accepted: name, accountId, region, namePrefix, tags, logRetentionDays, logBucketLifecycle, ' +
          'watchedBuckets, unusualVolume, dataEventReadWriteType, managementEventReadWriteType, alarmEmails, paging, chatChannel, runbookBaseUrl, ' +
          'expectedChangeAgents, fastPath, cisText, detections, silenceAlarmAfterMinutes, blockDestructiveChanges, organization, logArchive, existingTrail, objectLock, replication, suppressions, backend, endpoint',
      );
    });

    test('WHEN a required field is misspelled THEN one message names the field it meant, not a second one saying it is missing', () => {
      const { accountId, ...rest } = validEnvironment();
      expect(problemOf([{ ...rest, acountId: accountId }])).toMatch(/^environment "test": unknown field "acountId" \(did you mean "accountId"\?\); accepted: name, accountId, /);
    });

    test('WHEN a nested field is misspelled THEN the suggestion comes from that object\'s own fields', () => {
      expect(problemOf([validEnvironment({ objectLock: { mode: 'GOVERNANCE', retentionDay: 30 } as never })])).toBe(
        'environment "test", field objectLock: unknown field "retentionDay" (did you mean "retentionDays"?); accepted: mode, retentionDays',
      );
    });

    test('WHEN a field a refinement requires is misspelled (useLockFile) THEN only the misspelling is reported', () => {
      const backend = { type: 's3', bucket: 'acme-state', key: 'prod.tfstate', region: 'us-east-1', useLockFile: true } as never;
      expect(problemOf([validEnvironment({ backend })])).toMatch(/^environment "test", field backend: unknown field "useLockFile" \(did you mean "useLockfile"\?\); accepted: type, bucket, key, /);
    });

    test('WHEN a detection id is misspelled THEN the nearest id is offered', () => {
      expect(problemOf([validEnvironment({ detections: { 'cis-console-sign-in-without-mfa': { enabled: false } } })])).toMatch(
        /^environment "test", field detections\.cis-console-sign-in-without-mfa: "cis-console-sign-in-without-mfa" is not a detection id \(did you mean "cis-console-signin-without-mfa"\?\); accepted: /,
      );
    });

    test('WHEN a field is far from every accepted one THEN no guess is offered', () => {
      expect(problemOf([{ ...validEnvironment(), colour: 'blue' }])).toMatch(/^environment "test": unknown field "colour"; accepted: /);
    });

    test.each(['../../etc', 'team/prod', 'x'.repeat(200)])('WHEN the environment name is %s THEN that is one message, blaming the name alone', (name) => {
      expect(problemOf([validEnvironment({ name })])).toMatch(/field name: .* is not a valid environment name; expected lowercase letters/);
    });

    test('WHEN the environment name is 200 characters long THEN it is abbreviated, not echoed whole', () => {
      const message = problemOf([validEnvironment({ name: 'x'.repeat(200) })]);
      expect(message).toContain('(200 characters)');
      expect(message).not.toContain('x'.repeat(41));
    });

    test('WHEN a required field is missing', () => {
      const { blockDestructiveChanges: _omitted, ...rest } = validEnvironment();
      expect(problemOf([rest])).toBe('environment "test", field blockDestructiveChanges: is missing (boolean required)');
    });

    test.each([3, 2000, 7.5])('WHEN the silence alarm is set to %d minutes', (minutes) => {
      expect(problemOf([validEnvironment({ silenceAlarmAfterMinutes: minutes })])).toBe(
        `environment "test", field silenceAlarmAfterMinutes: ${minutes} is not accepted; expected whole minutes from 5 to 1440, or 0 for no alarm`,
      );
    });

    test('WHEN the lifecycle expires log files before they transition', () => {
      expect(problemOf([validEnvironment({ logBucketLifecycle: { transitionAfterDays: 90, expireAfterDays: 30 } })])).toBe(
        'environment "test", field logBucketLifecycle.expireAfterDays: 30 is not after the transition (90 days); expected more than 90',
      );
    });

    test('WHEN the endpoint is not on this machine THEN it is refused, so no real environment talks to an emulator', () => {
      expect(problemOf([validEnvironment({ endpoint: 'https://s3.amazonaws.com' })])).toMatch(
        /^environment "test", field endpoint: "https:\/\/s3.amazonaws.com" is not accepted; expected an http URL on this machine/,
      );
    });

    test('WHEN so many buckets are watched that a filter pattern exceeds 1024 characters', () => {
      const buckets = Array.from({ length: 30 }, (_, i) => `acme-customer-data-bucket-${i}`);
      expect(problemOf([validEnvironment({ watchedBuckets: buckets })])).toMatch(
        /^environment "test", field watchedBuckets: 30 buckets make the filter patterns of s3-object-deletions, .* up to \d+ characters long; CloudWatch Logs accepts at most 1024/,
      );
    });

    test('WHEN the environment has no usable name THEN it is named by its position', () => {
      expect(problemOf([validEnvironment(), { ...validEnvironment(), name: undefined }])).toBe(
        'environment #2, field name: is missing (string required)',
      );
    });
  });

  test('GIVEN several problems in several environments THEN all are reported in one error', () => {
    const raw = [
      validEnvironment({ name: 'dev', accountId: 'abc' }),
      validEnvironment({ name: 'prod', region: 'mars-1', logRetentionDays: 2 }),
    ];
    expect(() => parseEnvironments(raw)).toThrow(
      /Invalid environments definition \(3 problems\):\n  - environment "dev", field accountId: .*\n  - environment "prod", field region: .*\n  - environment "prod", field logRetentionDays: /,
    );
  });
});
