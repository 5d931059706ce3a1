/**
 * The organization shapes, stack by stack, from the definitions in examples/: which account holds
 * what, and each statement AWS documents for it, with its page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Testing } from 'cdktf';
import type { ComplianceCheck } from '../../modules/compliance/compliance-check';
import { COMPLIANCE_RULE_IDS } from '../../modules/compliance/pack';
import { EXAMPLES_DIR } from '../../scripts/lib/example-definitions';
import type { EnvironmentInput, EnvironmentSettings } from '../../stacks/environment-schema';
import { environmentStacks } from '../../stacks/environment-stacks';
import { parseEnvironments } from '../../stacks/load-environments';
import { follows } from '../support/policy-source';
import { Plan } from '../support/synth';

const MANAGEMENT = '111122223333';
const LOG_ARCHIVE = '444455556666';
const MEMBER = '777788889999';
const ORGANIZATION_ID = 'o-a1b2c3d4e5';

function example(file: string, change: (input: EnvironmentInput) => EnvironmentInput = (input) => input): EnvironmentSettings {
  const [input] = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as EnvironmentInput[];
  return parseEnvironments([change(input)])[0];
}

/** Each stack of the environment, synthesized, by stack name. */
function stacksOf(env: EnvironmentSettings): Record<string, Plan> {
  return Object.fromEntries(environmentStacks(Testing.app(), env).map((stack) => [stack.node.id, new Plan(JSON.parse(Testing.synth(stack)))]));
}

const statementsOf = (plan: Plan, type: string, path: string, attribute = 'policy') => plan.statements(plan.at(type, path)[attribute]);

describe('GIVEN the organization-trail example (management, log-archive and member accounts)', () => {
  const env = example('organization-trail.json');
  const stacks = stacksOf(env);
  const trail = stacks.org;
  const archive = stacks['org-log-archive'];
  const trailArn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/acme-org-s3-audit`;

  test('THEN it makes two stacks, each held to the one account its credentials may be for', () => {
    expect(Object.keys(stacks).sort()).toEqual(['org', 'org-log-archive']);
    expect(trail.json.provider.aws[0].allowed_account_ids).toEqual([MANAGEMENT]);
    expect(archive.json.provider.aws[0].allowed_account_ids).toEqual([LOG_ARCHIVE]);
  });

  test('THEN the trail is an organization trail, multi-region, delivering to the archive bucket with the archive key', () => {
    expect(trail.only('aws_cloudtrail')).toMatchObject({
      is_organization_trail: true,
      is_multi_region_trail: true,
      enable_log_file_validation: true,
      s3_bucket_name: `acme-org-audit-logs-${LOG_ARCHIVE}`,
      kms_key_id: env.logArchive?.kmsKeyArn,
    });
    expect(Object.keys(trail.resources('aws_s3_bucket'))).toEqual([]);
    expect(Object.keys(archive.resources('aws_s3_bucket'))).toHaveLength(2);
  });

  test(`THEN the archive bucket admits the management account's path and the organization's, each for the organization trail only ${follows('AWSCloudTrailOrganizationWrite')}`, () => {
    const statements = statementsOf(archive, 'aws_s3_bucket_policy', 'LogArchive/LogBucket/Policy');
    const bucket = '${aws_s3_bucket.LogArchive_LogBucket_E38E7086.arn}';
    const delivery = { 'StringEquals s3:x-amz-acl': ['bucket-owner-full-control'], 'StringEquals aws:SourceArn': [trailArn] };
    expect(statements.AWSCloudTrailWrite).toMatchObject({ resources: [`${bucket}/AWSLogs/${MANAGEMENT}/*`], conditions: delivery });
    expect(statements.AWSCloudTrailOrganizationWrite).toMatchObject({ principals: { Service: ['cloudtrail.amazonaws.com'] }, actions: ['s3:PutObject'], resources: [`${bucket}/AWSLogs/${ORGANIZATION_ID}/*`], conditions: delivery });
    expect(statements.AWSCloudTrailAclCheck.conditions).toEqual({ 'StringEquals aws:SourceArn': [trailArn] });
  });

  test(`THEN the archive key admits CloudTrail for the management account's trails, held to the organization trail ${follows('AllowCloudTrailToEncryptLogs')}`, () => {
    const statements = statementsOf(archive, 'aws_kms_key', 'LogArchive/Key');
    expect(statements.AllowCloudTrailToEncryptLogs.conditions).toEqual({
      'StringLike kms:EncryptionContext:aws:cloudtrail:arn': [`arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`],
      'StringEquals aws:SourceArn': [trailArn],
    });
    expect(statements.EnableAccountAdministration.principals).toEqual({ AWS: [`arn:aws:iam::${LOG_ARCHIVE}:root`] });
    expect(Object.keys(statements).sort()).toEqual(['AllowCloudTrailToDecryptWithTheBucketKey', 'AllowCloudTrailToDescribeKey', 'AllowCloudTrailToEncryptLogs', 'EnableAccountAdministration']);
  });

  test("THEN the trail stack's own key encrypts its log group and alarm topics, and CloudTrail may not use it", () => {
    const statements = statementsOf(trail, 'aws_kms_key', 'AuditTrail/Key');
    expect(Object.keys(statements).sort()).toEqual(['AllowCloudWatchAlarmsToUseTheKeyForTheTopic', 'AllowCloudWatchLogsForTheTrailLogGroup', 'EnableAccountAdministration']);
  });

  test(`THEN the delivery role may write the organization trail's streams as well as the account's ${follows('AWSCloudTrailPutLogEvents')}`, () => {
    const statements = statementsOf(trail, 'aws_iam_role_policy', 'AuditTrail/DeliveryRole/Policy');
    const group = '${aws_cloudwatch_log_group.AuditTrail_LogGroup_28BB9333.arn}';
    expect(statements.AWSCloudTrailPutLogEvents.resources).toEqual([`${group}:log-stream:${MANAGEMENT}_CloudTrail_*`, `${group}:log-stream:${ORGANIZATION_ID}_*`]);
    expect(statements.AWSCloudTrailCreateLogStream.resources).toEqual(statements.AWSCloudTrailPutLogEvents.resources);
  });

  test('THEN every saved query and evidence link shows the account each event came from (recipientAccountId)', () => {
    const queries = Object.values(trail.resources('aws_cloudwatch_query_definition')) as { query_string: string }[];
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(query.query_string).toMatch(/^fields @timestamp, recipientAccountId,/);
  });

  test('THEN compliance.json marks the rules each stack does not hold as not applicable, saying where, and the accounts the trail answers for', () => {
    const reports = Object.fromEntries(environmentStacks(Testing.app(), env).map((stack) => [stack.node.id, (stack.node.findChild('Compliance') as ComplianceCheck).evaluate()]));
    const errors = (report: { findings: readonly { level: string }[] }) => report.findings.filter((finding) => finding.level === 'error');
    expect(errors(reports.org)).toEqual([]);
    expect(errors(reports['org-log-archive'])).toEqual([]);
    expect(reports.org.coveredAccounts).toEqual([MANAGEMENT, MEMBER]);
    expect(reports.org.notApplicable).toContainEqual({ rule: 'log-bucket-kms-encryption', reason: `the log bucket, its access-log bucket and its key are in stack org-log-archive (log-archive account ${LOG_ARCHIVE}), judged there` });
    expect(reports['org-log-archive'].notApplicable).toContainEqual({ rule: 'trail-multi-region', reason: `the trail is in stack org, judged there; this stack holds its log bucket in the log-archive account ${LOG_ARCHIVE}` });
    // Every rule is judged in one of the two stacks, and none in neither.
    const judgedSomewhere = (rule: string) => !reports.org.notApplicable.some((n) => n.rule === rule) || !reports['org-log-archive'].notApplicable.some((n) => n.rule === rule);
    expect(COMPLIANCE_RULE_IDS.filter((rule) => !judgedSomewhere(rule))).toEqual([]);
  });
});

describe('GIVEN the organization trail created by a CloudTrail delegated administrator', () => {
  const admin = '222233334444';
  const env = example('organization-trail.json', (input) => ({ ...input, organization: { ...(input.organization as object), id: ORGANIZATION_ID, delegatedAdministratorAccountId: admin } }));
  const stacks = stacksOf(env);
  const managementTrail = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/acme-org-s3-audit`;

  test(`THEN the trail stack, its log group and its role are in the administrator's account ${follows('AllowCloudTrailToAssume')}`, () => {
    expect(stacks.org.json.provider.aws[0].allowed_account_ids).toEqual([admin]);
    const statements = statementsOf(stacks.org, 'aws_iam_role_policy', 'AuditTrail/DeliveryRole/Policy');
    expect(statements.AWSCloudTrailPutLogEvents.resources[0]).toMatch(new RegExp(`:log-stream:${admin}_CloudTrail_\\*$`));
  });

  test('THEN every policy still names the trail by the management account, which owns it whoever creates it', () => {
    const archive = stacks['org-log-archive'];
    expect(statementsOf(archive, 'aws_s3_bucket_policy', 'LogArchive/LogBucket/Policy').AWSCloudTrailWrite.conditions['StringEquals aws:SourceArn']).toEqual([managementTrail]);
    expect(statementsOf(archive, 'aws_kms_key', 'LogArchive/Key').AllowCloudTrailToEncryptLogs.conditions['StringEquals aws:SourceArn']).toEqual([managementTrail]);
  });
});

describe('GIVEN the central-log-archive example (one account, its log files in the log-archive account)', () => {
  const stacks = stacksOf(example('central-log-archive.json'));
  const trailArn = `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/acme-member-s3-audit`;

  test("THEN the archive admits the member's trail under the member's own path, and no organization path", () => {
    const statements = statementsOf(stacks['member-log-archive'], 'aws_s3_bucket_policy', 'LogArchive/LogBucket/Policy');
    expect(statements.AWSCloudTrailWrite.resources).toEqual([`\${aws_s3_bucket.LogArchive_LogBucket_E38E7086.arn}/AWSLogs/${MEMBER}/*`]);
    expect(statements.AWSCloudTrailWrite.conditions['StringEquals aws:SourceArn']).toEqual([trailArn]);
    expect(statements.AWSCloudTrailOrganizationWrite).toBeUndefined();
    expect(stacks.member.only('aws_cloudtrail').is_organization_trail).toBeUndefined();
  });
});

describe('GIVEN the example beside AWS Control Tower (its trail records management events already)', () => {
  const env = example('alongside-control-tower.json');
  const stacks = stacksOf(env);
  const trail = stacks.ct.only('aws_cloudtrail');

  test('THEN no trail of the definition records management events: its organization trail records S3 data events only', () => {
    expect(trail.is_organization_trail).toBe(true);
    expect(trail.advanced_event_selector.map((selector: { field_selector: { field: string; equals?: string[] }[] }) => selector.field_selector[0])).toEqual([{ field: 'eventCategory', equals: ['Data'] }]);
  });

  test("THEN its data-event trail never records its own log bucket", () => {
    const [selector] = trail.advanced_event_selector;
    const arns = selector.field_selector.find((field: { field: string }) => field.field === 'resources.ARN');
    expect(arns.starts_with).toEqual(['arn:aws:s3:::acme-member-customer-data/', 'arn:aws:s3:::acme-member-exports/']);
    const all = stacksOf(example('alongside-control-tower.json', (input) => ({ ...input, watchedBuckets: 'all' }))).ct.only('aws_cloudtrail');
    expect(all.advanced_event_selector[0].field_selector.find((field: { field: string }) => field.field === 'resources.ARN')).toEqual({ field: 'resources.ARN', not_starts_with: [`arn:aws:s3:::acme-ct-audit-logs-${LOG_ARCHIVE}/`] });
  });

  test("THEN the management-event detections read Control Tower's log group, the S3 data-event ones the trail's own, and both groups' silence alarms", () => {
    const filters = Object.values(stacks.ct.resources('aws_cloudwatch_log_metric_filter')) as { name: string; log_group_name: string }[];
    const on = (group: string) => filters.filter((filter) => filter.log_group_name === group).map((filter) => filter.name.replace('acme-ct-', ''));
    expect(on('aws-controltower/CloudTrailLogs')).toEqual(expect.arrayContaining(['cis-root-account-usage', 'trail-tampering', 'cis-s3-bucket-policy-changes']));
    expect(on('aws-controltower/CloudTrailLogs')).not.toContain('s3-object-deletions');
    expect(on('${aws_cloudwatch_log_group.AuditTrail_LogGroup_28BB9333.name}')).toEqual(expect.arrayContaining(['s3-object-deletions', 's3-unexpected-writer.acme-member-customer-data']));
    const heartbeats = (Object.values(stacks.ct.resources('aws_cloudwatch_metric_alarm')) as { alarm_name: string; dimensions?: { LogGroupName: string } }[]).filter((alarm) => alarm.alarm_name.endsWith('delivery-stopped'));
    expect(heartbeats.map((alarm) => [alarm.alarm_name, alarm.dimensions?.LogGroupName])).toEqual([
      ['acme-ct-trail-delivery-stopped', '${aws_cloudwatch_log_group.AuditTrail_LogGroup_28BB9333.name}'],
      ['acme-ct-existing-trail-delivery-stopped', 'aws-controltower/CloudTrailLogs'],
    ]);
  });
});
