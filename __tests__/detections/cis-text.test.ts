import { DETECTION_CATALOG } from '../../modules/detections';
import { synthesizedPatterns } from '../../scripts/lib/synthesized-patterns';
import { FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail';

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
