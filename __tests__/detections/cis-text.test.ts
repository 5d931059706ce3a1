import { DETECTION_CATALOG } from '../../modules/detections';
import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { synthesizedPatterns } from '../../scripts/lib/synthesized-patterns';
import { definitionWarnings } from '../../stacks/definition-warnings';
import { parseEnvironments } from '../../stacks/load-environments';
import { FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail';
import { ManagementEvent, managementEvent } from '../fixtures/cloudtrail/records';

/**
 * The CIS patterns must be AWS's text to the character: Security Hub "uses custom logic to perform
 * the exact audit steps prescribed for control X ... This control fails if the exact metric filters
 * prescribed by CIS are not used. Additional fields or terms cannot be added to the metric filters."
 * Source: AWS Security Hub User Guide, "Amazon CloudWatch controls" (CloudWatch.1-14), and the CIS
 * AWS Foundations Benchmark v1.4.0 4.15 (Organizations), copied here independently of the catalog.
 */
const PUBLISHED: Record<string, [control: string, text: string]> = {
  'cis-root-account-usage': ['CloudWatch.1', '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}'],
  'cis-unauthorized-api-calls': ['CloudWatch.2', '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'],
  'cis-console-signin-without-mfa': ['CloudWatch.3', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'],
  'cis-iam-policy-changes': ['CloudWatch.4', '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}'],
  'cis-cloudtrail-config-changes': ['CloudWatch.5', '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}'],
  'cis-console-auth-failures': ['CloudWatch.6', '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}'],
  'cis-cmk-disable-or-deletion': ['CloudWatch.7', '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}'],
  'cis-s3-bucket-policy-changes': ['CloudWatch.8', '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}'],
  'cis-config-changes': ['CloudWatch.9', '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}'],
  'cis-security-group-changes': ['CloudWatch.10', '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}'],
  'cis-nacl-changes': ['CloudWatch.11', '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}'],
  'cis-network-gateway-changes': ['CloudWatch.12', '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}'],
  'cis-route-table-changes': ['CloudWatch.13', '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}'],
  'cis-vpc-changes': ['CloudWatch.14', '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}'],
  'cis-organizations-changes': ['CIS 4.15', '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }'],
};

describe('CIS AWS Foundations patterns', () => {
  const synthesized = synthesizedPatterns(FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES);

  test('GIVEN the catalog THEN its CIS group is exactly the published set', () => {
    const cis = DETECTION_CATALOG.filter((detection) => detection.group === 'cis-foundations').map((d) => d.id);
    expect(cis.sort()).toEqual(Object.keys(PUBLISHED).sort());
  });

  test.each(Object.entries(PUBLISHED).map(([id, [control, text]]) => [control, id, text]))(
    'GIVEN %s WHEN synthesized THEN the %s filter pattern is the published text, character for character',
    (control, id, text) => {
      expect(synthesized.get(id)).toBe(text);
      expect(DETECTION_CATALOG.find((detection) => detection.id === id)?.controls?.join(' ')).toContain(control);
    },
  );
});

/**
 * CIS AWS Foundations Benchmark v6.0.0, 5.1 "Ensure unauthorized API calls are monitored", as the
 * Steampipe AWS Compliance mod transcribes it (cis_v600/docs/cis_v600_5_1.md), copied here
 * independently of the catalog; the other monitoring recommendations read as Security Hub's text.
 */
const CIS_V6_UNAUTHORIZED =
  '{ ($.errorCode="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }';

describe('GIVEN an environment that chooses the CIS v6.0.0 text', () => {
  const v6 = synthesizedPatterns({ ...FIXTURE_ENVIRONMENT, cisText: 'cis-v6.0.0' }, FIXTURE_REFERENCES);
  const pattern = parseFilterPattern(v6.get('cis-unauthorized-api-calls')!);
  const denied = (extra: Partial<ManagementEvent>) => JSON.stringify(managementEvent({ eventSource: 's3.amazonaws.com', eventName: 'GetBucketAcl', errorCode: 'AccessDenied', readOnly: true, ...extra }));

  test('WHEN synthesized THEN cis-unauthorized-api-calls is the v6.0.0 text and every other CIS pattern is Security Hub\'s', () => {
    expect(v6.get('cis-unauthorized-api-calls')).toBe(CIS_V6_UNAUTHORIZED);
    for (const [id, [, text]] of Object.entries(PUBLISHED).filter(([id]) => id !== 'cis-unauthorized-api-calls')) expect(v6.get(id)).toBe(text);
  });

  test('WHEN a denial comes from log delivery or is a HeadBucket THEN the v6.0.0 text leaves it out, and the Security Hub text counts it', () => {
    const securityHub = parseFilterPattern(PUBLISHED['cis-unauthorized-api-calls'][1]);
    for (const noise of [denied({ sourceIPAddress: 'delivery.logs.amazonaws.com' }), denied({ eventName: 'HeadBucket' })]) {
      expect(pattern.matches(noise)).toBe(false);
      expect(securityHub.matches(noise)).toBe(true);
    }
    expect(pattern.matches(denied({}))).toBe(true);
  });

  test('WHEN an UnauthorizedOperation comes from log delivery THEN v6.0.0 still counts it: && binds tighter than ||', () => {
    expect(pattern.matches(denied({ errorCode: 'Client.UnauthorizedOperation', sourceIPAddress: 'delivery.logs.amazonaws.com' }))).toBe(true);
  });

  test('WHEN the definition is loaded THEN synth warns that Security Hub CloudWatch.2 fails the v6.0.0 text', () => {
    const withEmail = { ...FIXTURE_ENVIRONMENT, alarmEmails: ['alerts@example.com'] };
    const warnings = definitionWarnings(parseEnvironments([{ ...withEmail, cisText: 'cis-v6.0.0' }]));
    expect(warnings).toEqual([expect.stringMatching(/^environment "test", field cisText: "cis-v6\.0\.0" writes CIS v6\.0\.0's unauthorized-API-calls filter, which Security Hub's CloudWatch\.2 fails/)]);
    expect(definitionWarnings(parseEnvironments([withEmail]))).toEqual([]);
  });
});
