/**
 * The access-proof tier: every policy of every stack, rendered as Terraform would send it to AWS,
 * judged by an IAM policy simulator (@cloud-copilot/iam-simulate) against the requests the AWS
 * services make (scripts/lib/access-proof/interactions): each service can do its job, nobody else
 * can, and no statement is there for nothing.
 */
import { failures, judge, Judgement, unreachedStatements } from '../../scripts/lib/access-proof/judge';
import type { ProofSubject } from '../../scripts/lib/access-proof/proof-subject';
import { fastPathRules } from '../../modules/detections/fast-path';
import { ACCESS_SUBJECTS, accessSubject } from '../support/access-subjects';

/** The catalog's fast-path rules, for their ids. */
const FAST_PATH_SCOPE = { watchedBuckets: 'all', logGroupName: 'g', kmsKeyArn: 'k', logBucketNames: [], bucketIntents: [] } as const;

const AWS_DOCUMENTATION = /^https:\/\/(docs\.aws\.amazon\.com|repost\.aws)\//;

describe.each(ACCESS_SUBJECTS)('GIVEN the stack %s, its policies rendered with every reference resolved', (name) => {
  let subject: ProofSubject;
  let judgement: Judgement;
  beforeAll(async () => {
    subject = await accessSubject(name);
    judgement = await judge(subject);
  });

  test('WHEN every interaction goes through the IAM simulator THEN each service can do its job and every misuse is denied', () => {
    expect(failures(judgement)).toEqual([]);
  });

  test('THEN every statement of every attached policy decides at least one interaction: none is there for nothing', () => {
    expect(judgement.statements.length).toBeGreaterThan(0);
    expect(unreachedStatements(judgement)).toEqual([]);
  });

  test('THEN every interaction names the AWS page that says what its caller sends', () => {
    const unsourced = judgement.verdicts.filter(({ interaction }) => ![interaction.source, ...(interaction.alsoFrom ?? [])].every((page) => AWS_DOCUMENTATION.test(page.url) && page.title.length > 0));
    expect(unsourced.map(({ interaction }) => interaction.id)).toEqual([]);
  });

  test('THEN every alarm of the stack is proven to reach every topic it notifies', () => {
    const notifications = subject.instances('aws_cloudwatch_metric_alarm').flatMap((alarm) =>
      [...new Set(['alarm_actions', 'ok_actions', 'insufficient_data_actions'].flatMap((attribute) => (alarm.attributes[attribute] as string[] | undefined) ?? []))].map((topic) => `${alarm.attributes.alarm_name}:${topic}`),
    );
    const proven = judgement.verdicts.filter(({ interaction, met }) => interaction.kind === 'alarm-publishes-to-its-topic' && met).map(({ interaction }) => interaction.id.replace(/^alarm-publishes-to-its-topic:/, ''));
    expect(notifications.length).toBeGreaterThan(0);
    expect(proven.sort()).toEqual(notifications.sort());
  });

  test('THEN every policy the stack attaches is judged, and each interaction is judged with the policies of its resource', () => {
    const judged = new Set(judgement.verdicts.flatMap(({ interaction }) => [interaction.request.resourcePolicy?.name, ...(interaction.request.identityPolicies ?? []).map((policy) => policy.name)]));
    expect(subject.allPolicies().map((policy) => policy.name).filter((policy) => !judged.has(policy))).toEqual([]);
  });
});

describe('GIVEN the stack with every option on', () => {
  test('THEN the proof covers every part of it: delivery, encryption, alarms and paging, access logs, both sides of replication, the chat channel', async () => {
    const judgement = await judge(await accessSubject('every-option'));
    const kinds = new Set(judgement.verdicts.map(({ interaction }) => interaction.kind));
    for (const kind of [
      'cloudtrail-writes-a-log-file',
      'cloudtrail-writes-a-log-file-of-another-region',
      'cloudtrail-writes-a-digest-file',
      'cloudtrail-encrypts-a-log-file',
      'cloudtrail-decrypts-with-the-bucket-key',
      'delivery-role-puts-log-events',
      'cloudwatch-logs-uses-the-key-for-its-group',
      'alarm-publishes-to-its-topic',
      'cloudwatch-uses-the-topic-key',
      'access-logging-delivers-for-its-source-bucket',
      'replication-reads-the-source',
      'replication-encrypts-a-replica',
      'replication-verifies-the-replica-bucket-key',
      'administrator-of-the-source-account-writes-replicas',
      'channel-reads-cloudwatch-for-a-notification',
      'channel-deletes-an-alarm',
      'rule-publishes-to-its-topic',
      'eventbridge-uses-the-topic-key',
      'another-accounts-rule-publishes',
      'a-rule-of-another-stack-publishes',
    ]) {
      expect({ kind, judged: kinds.has(kind) }).toEqual({ kind, judged: true });
    }
    const topics = new Set(judgement.verdicts.filter(({ interaction }) => interaction.kind === 'alarm-publishes-to-its-topic').map(({ interaction }) => interaction.request.resource));
    expect(topics.size).toBe(2);
    const ruleTopics = new Set(judgement.verdicts.filter(({ interaction }) => interaction.kind === 'rule-publishes-to-its-topic').map(({ interaction }) => interaction.request.resource));
    expect(ruleTopics).toEqual(topics);
  });
});

describe("GIVEN the module's example, which turns fast_path on", () => {
  test('THEN every fast-path rule Terraform would create is proven to publish to the alarm topic, and EventBridge to use its key', async () => {
    const subject = await accessSubject('module example');
    const judgement = await judge(subject);
    const rules = subject.instances('aws_cloudwatch_event_rule').map((rule) => rule.attributes.name as string);
    // The example switches cis-organizations-changes off, which has no fast path: every catalog rule is there.
    expect(rules.sort()).toEqual(fastPathRules(FAST_PATH_SCOPE).map((rule) => `acme-prod-${rule.id}`).sort());
    const published = judgement.verdicts.filter(({ interaction, met }) => interaction.kind === 'rule-publishes-to-its-topic' && met).map(({ interaction }) => interaction.id.split(':')[1]);
    expect(published.sort()).toEqual(rules);
    expect(judgement.verdicts.filter(({ interaction, met }) => interaction.kind === 'eventbridge-uses-the-topic-key' && met)).toHaveLength(2);
  });
});
