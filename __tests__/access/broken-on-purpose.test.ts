/**
 * The access-proof tier cannot pass vacuously: each test breaks one statement of prod's
 * synthesized stack (removes it, corrupts a condition, loosens it) and asserts that exactly the
 * interactions that statement serves now fail, and no other.
 */
import { Testing } from 'cdktf';
import { failures, judge, unreachedStatements } from '../../scripts/lib/access-proof/judge';
import type { StackJson } from '../../scripts/lib/access-proof/stack-scope';
import { subjectOfEnvironmentStack } from '../../scripts/lib/access-proof/subjects';
import { EnvironmentStack } from '../../stacks/environment-stack';
import { ENVIRONMENTS } from '../../stacks/environments';
import { parseEnvironments } from '../../stacks/load-environments';

type StatementJson = { sid?: string; principals?: { type: string; identifiers: string[] }[]; condition?: { test: string; variable: string; values: string[] }[]; [key: string]: unknown };

const prod = parseEnvironments(ENVIRONMENTS).find((env) => env.name === 'prod');
if (!prod) throw new Error('prod is shipped');
const synthesized = Testing.synth(new EnvironmentStack(Testing.app(), prod));

/** A copy of prod's stack with the statement `sid` of the document at `documentPath` changed, or removed when `change` returns undefined. */
function prodWith(documentPath: string, sid: string, change: (statement: StatementJson) => StatementJson | undefined): StackJson {
  const stack = JSON.parse(synthesized) as StackJson & { data: { aws_iam_policy_document: Record<string, { statement: StatementJson[] }> } };
  const prefix = `${documentPath.replace(/\//g, '_')}_`;
  const documents = Object.entries(stack.data.aws_iam_policy_document).filter(([id]) => id.startsWith(prefix) && !id.slice(prefix.length).includes('_'));
  if (documents.length !== 1) throw new Error(`expected one document at ${documentPath}`);
  const document = documents[0][1];
  const index = document.statement.findIndex((statement) => statement.sid === sid);
  if (index < 0) throw new Error(`${documentPath} has no statement ${sid}`);
  const changed = change(structuredClone(document.statement[index]));
  document.statement.splice(index, 1, ...(changed ? [changed] : []));
  return stack;
}

/** The kinds of the interactions that no longer go as promised, and the statements that decide nothing. */
async function judged(stack: StackJson) {
  const judgement = await judge(await subjectOfEnvironmentStack('prod', stack));
  const unmet = judgement.verdicts.filter((verdict) => !verdict.met);
  expect(unmet.length).toBe(failures(judgement).length);
  return { failingKinds: [...new Set(unmet.map(({ interaction }) => interaction.kind))].sort(), failing: unmet.map(({ interaction }) => interaction.id), unreached: unreachedStatements(judgement) };
}

const withoutCondition = (variable: string) => (statement: StatementJson) => ({ ...statement, condition: statement.condition?.filter((c) => c.variable !== variable) });

describe('GIVEN prod, whose every interaction goes as promised', () => {
  test('THEN nothing fails before anything is broken (the baseline of the cases below)', async () => {
    expect(await judged(JSON.parse(synthesized))).toEqual({ failingKinds: [], failing: [], unreached: [] });
  });

  test('WHEN the bucket statement that lets CloudTrail write is removed THEN exactly the log and digest deliveries fail', async () => {
    const result = await judged(prodWith('AuditTrail/LogBucket/PolicyDocument', 'AWSCloudTrailWrite', () => undefined));
    expect(result.failingKinds).toEqual(['cloudtrail-writes-a-digest-file', 'cloudtrail-writes-a-log-file', 'cloudtrail-writes-a-log-file-of-another-region']);
    expect(result.failing).toHaveLength(3); // the home region, another region, the digest
  });

  test("WHEN the bucket write loses its aws:SourceArn guard THEN exactly the other trails' deliveries get through", async () => {
    const result = await judged(prodWith('AuditTrail/LogBucket/PolicyDocument', 'AWSCloudTrailWrite', withoutCondition('aws:SourceArn')));
    expect(result.failingKinds).toEqual(['another-accounts-trail-writes-under-this-accounts-path', 'another-trail-of-the-account-writes-into-the-bucket']);
  });

  test("WHEN the key's encryption-context condition names another account's trails THEN exactly CloudTrail's encryption fails", async () => {
    const result = await judged(
      prodWith('AuditTrail/Key/Policy', 'AllowCloudTrailToEncryptLogs', (statement) => ({
        ...statement,
        condition: statement.condition?.map((c) => (c.variable === 'kms:EncryptionContext:aws:cloudtrail:arn' ? { ...c, values: ['arn:aws:cloudtrail:*:999999999999:trail/*'] } : c)),
      })),
    );
    expect(result.failingKinds).toEqual(['cloudtrail-encrypts-a-log-file']);
  });

  test('WHEN the delivery role trusts EC2 instead of CloudTrail THEN CloudTrail cannot assume it and EC2 can', async () => {
    const result = await judged(
      prodWith('AuditTrail/DeliveryRole/TrustPolicy', 'AllowCloudTrailToAssume', (statement) => ({ ...statement, principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] })),
    );
    expect(result.failingKinds).toEqual(['another-service-assumes-the-delivery-role', 'cloudtrail-assumes-the-delivery-role']);
  });

  test("WHEN the topic's publish statement names other alarms THEN every alarm's notification fails, and nothing else", async () => {
    const alarmCount = Object.keys((JSON.parse(synthesized) as StackJson).resource?.aws_cloudwatch_metric_alarm ?? {}).length;
    const result = await judged(
      prodWith('AuditTrail/Alarms/TopicPolicyDocument', 'AllowThisStacksAlarmsToPublish', (statement) => ({
        ...statement,
        condition: statement.condition?.map((c) => ({ ...c, values: c.values.map((value) => value.replace(/alarm:.*$/, 'alarm:another-stack-*')) })),
      })),
    );
    expect(result.failingKinds).toEqual(['alarm-publishes-to-its-topic']);
    expect(result.failing).toHaveLength(alarmCount);
  });

  test('WHEN the TLS-only statement of the log bucket is removed THEN exactly the plain-HTTP requests to that bucket are no longer refused by it', async () => {
    const result = await judged(prodWith('AuditTrail/LogBucket/PolicyDocument', 'DenyInsecureTransport', () => undefined));
    expect(result.failingKinds).toEqual(['administrator-reads-an-object-over-plain-http', 'cloudtrail-writes-over-plain-http']);
    expect(result.failing.every((id) => !id.includes('access-logs'))).toBe(true);
  });

  test("WHEN the replication role loses kms:Decrypt on the destination key THEN exactly S3's check of the replica Bucket Key fails", async () => {
    const result = await judged(prodWith('AuditTrail/Replication/PermissionsPolicy', 'VerifyTheReplicaBucketKey', () => undefined));
    expect(result.failingKinds).toEqual(['replication-verifies-the-replica-bucket-key']);
  });

  test('WHEN a statement nobody needs is added THEN the proof names it as deciding nothing', async () => {
    const stack = prodWith('AuditTrail/Key/Policy', 'AllowCloudTrailToDescribeKey', (statement) => statement);
    const keyPolicy = Object.entries((stack as unknown as { data: { aws_iam_policy_document: Record<string, { statement: StatementJson[] }> } }).data.aws_iam_policy_document).find(([id]) => id.startsWith('AuditTrail_Key_Policy_'));
    keyPolicy?.[1].statement.push({ sid: 'AllowS3ToDecryptForNoReason', principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }], actions: ['kms:Decrypt'], resources: ['*'] });
    const result = await judged(stack);
    expect(result.failing).toEqual([]);
    expect(result.unreached).toEqual(['AuditTrail/Key/Policy#AllowS3ToDecryptForNoReason']);
  });
});
