/**
 * The exported module's organization shapes, read as Terraform would apply them: the module's
 * JSON evaluated with each example's inputs by the access-proof tier's evaluator, so each claim is
 * about the policies, selectors and filters a caller gets, not about how the HCL is spelled.
 */
import { Testing } from 'cdktf';
import { ProofSubject } from '../../scripts/lib/access-proof/proof-subject';
import { providerLocation, StackJson } from '../../scripts/lib/access-proof/stack-scope';
import { PolicyStatementJson } from '../../scripts/lib/access-proof/rendered-policies';
import { DETECTION_CATALOG } from '../../modules/detections';
import { ModuleStack } from '../../stacks/module-stack';

const STACK = JSON.parse(Testing.synth(new ModuleStack(Testing.app(), 'module'))) as StackJson;
const ADMINISTRATOR = '333333333333';
const MANAGEMENT = '111122223333';
const ORGANIZATION = { id: 'o-a1b2c3d4e5', management_account_id: MANAGEMENT };

function applied(account: string, variables: Record<string, unknown>): ProofSubject {
  return new ProofSubject('module', STACK, providerLocation('us-east-1', account), { name: 'acme-org', alarm_emails: ['sec@example.com'], ...variables });
}

/**
 * A statement of the one document at `document` that applies: a policy with statements switched by
 * an input has a second document, `<document>For...`, and Terraform reads only the one that applies.
 */
function statement(subject: ProofSubject, document: string, sid: string): PolicyStatementJson | undefined {
  const [policy, ...others] = subject.policies.filter((p) => p.name === document || p.name.startsWith(`${document}For`));
  if (!policy || others.length > 0) throw new Error(`expected one applied policy at ${document}, found ${others.length + (policy ? 1 : 0)}`);
  return policy.document.Statement.find((s) => s.Sid === sid);
}

function only<T>(values: T[]): T {
  expect(values).toHaveLength(1);
  return values[0];
}

describe('GIVEN the module applied by a CloudTrail delegated administrator with organization set', () => {
  const subject = applied(ADMINISTRATOR, { organization: ORGANIZATION, watched_buckets: ['acme-member-exports'] });
  const trailArn = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/acme-org-s3-audit`;
  const bucket = `arn:aws:s3:::acme-org-audit-logs-${ADMINISTRATOR}`;

  test('THEN the trail is an organization trail', () => {
    expect(only(subject.scope.instances('aws_cloudtrail')).attributes.is_organization_trail).toBe(true);
  });

  // CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail", organization trails: the
  // management account's own path and the organization's, each held to the organization trail.
  test("THEN the bucket policy admits the organization's path and the management account's, each for the management account's trail only", () => {
    expect(statement(subject, 'AuditTrail/LogBucket/PolicyDocument', 'AWSCloudTrailOrganizationWrite')).toMatchObject({
      Principal: { Service: ['cloudtrail.amazonaws.com'] },
      Action: ['s3:PutObject'],
      Resource: [`${bucket}/AWSLogs/o-a1b2c3d4e5/*`],
      Condition: { StringEquals: { 's3:x-amz-acl': ['bucket-owner-full-control'], 'aws:SourceArn': [trailArn] } },
    });
    expect(statement(subject, 'AuditTrail/LogBucket/PolicyDocument', 'AWSCloudTrailWrite')).toMatchObject({
      Resource: [`${bucket}/AWSLogs/${MANAGEMENT}/*`],
      Condition: { StringEquals: { 'aws:SourceArn': [trailArn] } },
    });
    expect(statement(subject, 'AuditTrail/LogBucket/PolicyDocument', 'AWSCloudTrailAclCheck')?.Condition).toEqual({ StringEquals: { 'aws:SourceArn': [trailArn] } });
  });

  // CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail": the encryption context
  // names the trail owner's account, the management account.
  test("THEN the key lets CloudTrail encrypt under the management account's trail context", () => {
    expect(statement(subject, 'AuditTrail/Key/Policy', 'AllowCloudTrailToEncryptLogs')?.Condition).toEqual({
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': [`arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`] },
      StringEquals: { 'aws:SourceArn': [trailArn] },
    });
  });

  // CloudTrail User Guide, "Role policy document for CloudTrail to use CloudWatch Logs for monitoring".
  test("THEN the delivery role writes the account's streams and the organization's, and no other", () => {
    const group = `arn:aws:logs:us-east-1:${ADMINISTRATOR}:log-group:/aws/cloudtrail/acme-org-s3-audit`;
    for (const sid of ['AWSCloudTrailCreateLogStream', 'AWSCloudTrailPutLogEvents']) {
      expect(statement(subject, 'AuditTrail/DeliveryRole/PermissionsPolicy', sid)?.Resource).toEqual([
        `${group}:log-stream:${ADMINISTRATOR}_CloudTrail_*`,
        `${group}:log-stream:o-a1b2c3d4e5_*`,
      ]);
    }
  });
});

describe('GIVEN the module applied in the management account with organization set and no management_account_id', () => {
  const subject = applied(MANAGEMENT, { organization: { id: 'o-a1b2c3d4e5' } });

  test("THEN the trail is the caller's: the policies name the caller's trail", () => {
    expect(statement(subject, 'AuditTrail/LogBucket/PolicyDocument', 'AWSCloudTrailOrganizationWrite')?.Condition?.StringEquals['aws:SourceArn']).toEqual([
      `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/acme-org-s3-audit`,
    ]);
  });
});

describe('GIVEN the module with organization null', () => {
  const subject = applied(ADMINISTRATOR, {});

  test("THEN the trail records this account alone: no organization statement, the account's own path and streams", () => {
    expect(only(subject.scope.instances('aws_cloudtrail')).attributes.is_organization_trail).toBe(false);
    expect(statement(subject, 'AuditTrail/LogBucket/PolicyDocument', 'AWSCloudTrailOrganizationWrite')).toBeUndefined();
    expect(statement(subject, 'AuditTrail/LogBucket/PolicyDocument', 'AWSCloudTrailWrite')?.Resource).toEqual([`arn:aws:s3:::acme-org-audit-logs-${ADMINISTRATOR}/AWSLogs/${ADMINISTRATOR}/*`]);
    expect(statement(subject, 'AuditTrail/DeliveryRole/PermissionsPolicy', 'AWSCloudTrailPutLogEvents')?.Resource).toEqual([
      `arn:aws:logs:us-east-1:${ADMINISTRATOR}:log-group:/aws/cloudtrail/acme-org-s3-audit:log-stream:${ADMINISTRATOR}_CloudTrail_*`,
    ]);
  });

  test('THEN the trail records management events, and no alarm watches another trail', () => {
    const selectors = only(subject.scope.instances('aws_cloudtrail')).attributes.advanced_event_selector as { name: string }[];
    expect(selectors.map((s) => s.name)).toEqual(['Management events (All)', 'S3 objects in all buckets but the log bucket (WriteOnly)']);
    expect(subject.scope.instances('aws_cloudwatch_metric_alarm').filter((alarm) => alarm.logicalId.includes('ExistingTrail'))).toEqual([]);
  });
});

describe('GIVEN the module beside an existing trail (existing_trail set, as beside AWS Control Tower)', () => {
  const existing = 'aws-controltower/CloudTrailLogs';
  const subject = applied(MANAGEMENT, { organization: { id: 'o-a1b2c3d4e5' }, existing_trail: { log_group_name: existing }, watched_buckets: ['acme-member-exports'] });

  test('THEN the trail records S3 data events only, never management events', () => {
    const selectors = only(subject.scope.instances('aws_cloudtrail')).attributes.advanced_event_selector as { name: string; field_selector: { field: string; equals?: string[] }[] }[];
    expect(selectors.map((s) => s.name)).toEqual(['S3 objects in watched buckets (WriteOnly)']);
    expect(selectors.flatMap((s) => s.field_selector).filter((f) => f.field === 'eventCategory')).toEqual([{ field: 'eventCategory', equals: ['Data'] }]);
  });

  test("THEN the management-event detections read the existing trail's log group, and the S3 data-event ones this trail's", () => {
    const groupOf = new Map(subject.scope.instances('aws_cloudwatch_log_metric_filter').filter((f) => f.key !== undefined).map((f) => [String(f.key), f.attributes.log_group_name]));
    const ownGroup = '/aws/cloudtrail/acme-org-s3-audit';
    for (const detection of DETECTION_CATALOG.filter((d) => groupOf.has(d.id))) {
      expect({ id: detection.id, group: groupOf.get(detection.id) }).toEqual({ id: detection.id, group: detection.group === 's3-data-plane' ? ownGroup : existing });
    }
    expect(groupOf.get('cis-unauthorized-api-calls')).toBe(existing);
    expect(groupOf.get('s3-object-deletions')).toBe(ownGroup);
  });

  test("THEN the existing trail's log group has a delivery alarm of its own", () => {
    const heartbeat = only(subject.scope.instances('aws_cloudwatch_metric_alarm').filter((alarm) => alarm.logicalId.includes('ExistingTrailHeartbeat')));
    expect(heartbeat.attributes).toMatchObject({ alarm_name: 'acme-org-existing-trail-delivery-stopped', dimensions: { LogGroupName: existing }, treat_missing_data: 'breaching' });
  });
});

describe('GIVEN the module variables and preconditions for the shapes', () => {
  const json = STACK as { variable: Record<string, { validation: { condition: string; error_message: string }[] }>; resource: Record<string, Record<string, any>> };

  test('THEN an organization id and a management account are validated with the environment schema\'s words', () => {
    expect(json.variable.organization.validation.map((v) => v.error_message)).toEqual([
      'organization id is not an organization id; expected "o-" followed by 10 to 32 lowercase letters or digits.',
      'organization management_account_id is not a 12-digit AWS account id.',
    ]);
    expect(json.variable.existing_trail.validation.map((v) => v.error_message)).toEqual([
      'existing_trail log_group_name is not a log group name CloudWatch Logs accepts; expected 1 to 512 letters, digits and . - _ / #.',
    ]);
  });

  test('THEN the trail refuses management events asked for beside an existing trail, and a management account that is the caller', () => {
    const [trail] = Object.values(json.resource.aws_cloudtrail);
    const messages = trail.lifecycle.precondition.map((p: { error_message: string }) => p.error_message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('management_event_read_write_type is set beside existing_trail'), expect.stringContaining('organization.management_account_id is the account this module is applied in')]));
  });
});
