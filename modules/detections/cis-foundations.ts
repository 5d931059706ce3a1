import { ANY_OCCURRENCE, CIS_NAMESPACE, countInWindow, Detection } from './detection';

/**
 * The CIS AWS Foundations Benchmark monitoring set. Each pattern is exactly the text AWS Security
 * Hub publishes for its CloudWatch.1-14 controls (Security Hub user guide, "Amazon CloudWatch
 * controls"), and the CIS v1.4 4.15 text for Organizations, which has no Security Hub control.
 * Security Hub fails a filter that adds or changes terms, so do not reformat or "improve" them:
 * the project's own, tighter detections live in the other groups.
 *
 * An environment may choose the CIS v6.0.0 text instead (`cisText`). Among the v6.0.0 monitoring
 * recommendations (section 5, 5.1-5.15) only 5.1, unauthorized API calls, reads differently: it
 * also leaves out calls from delivery.logs.amazonaws.com and HeadBucket. The benchmark's PDF is
 * licensed; the text here is as the Steampipe AWS Compliance mod transcribes it
 * (turbot/steampipe-mod-aws-compliance, cis_v600/docs/cis_v600_5_1.md). Security Hub's
 * CloudWatch.2 fails the v6.0.0 text: the controls check only the v1.2.0 / v1.4.0 text.
 */

/** CloudWatch.2 as Security Hub checks it. */
const UNAUTHORIZED_API_CALLS_SECURITY_HUB = '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}';
/**
 * CIS v6.0.0 5.1, spacing as transcribed. `&&` binds tighter than `||` in filter patterns
 * (FilterAndPatternSyntax: "() > && > ||"), so the two exclusions apply to the AccessDenied* term only.
 */
export const UNAUTHORIZED_API_CALLS_CIS_V6 =
  '{ ($.errorCode="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }';
type CisEntry = Omit<Detection, 'group' | 'namespace' | 'alarm'> & Partial<Pick<Detection, 'alarm'>>;

const cis = (entry: CisEntry): Detection => ({
  group: 'cis-foundations',
  namespace: CIS_NAMESPACE,
  alarm: ANY_OCCURRENCE,
  ...entry,
});

export const CIS_FOUNDATIONS_DETECTIONS: readonly Detection[] = [
  cis({
    id: 'cis-root-account-usage',
    title: 'Root user activity',
    severity: 'critical',
    description: 'Any call made as the root user, except AWS service events on its behalf.',
    runbook:
      'Day-to-day work never needs root. Read sourceIPAddress, userAgent and eventName. If nobody on the ' +
      'break-glass list used it: rotate the root password, check its MFA device, delete any root access keys, ' +
      'and review everything the session did.',
    filterPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    metricName: 'RootAccountUsage',
    controls: ['Security Hub CloudWatch.1', 'CIS 1.7', 'CIS 4.3', 'CIS v6.0.0 5.3'],
  }),
  cis({
    id: 'cis-unauthorized-api-calls',
    title: 'Unauthorized API calls',
    severity: 'medium',
    description: 'API calls refused with UnauthorizedOperation or AccessDenied.',
    runbook:
      'Repeated denials mean a misconfigured workload or someone probing permissions. Group the matching ' +
      'events by userIdentity.arn and eventName; one principal trying many services is suspicious. Fix the ' +
      "workload's policy, or revoke the principal if the calls are not expected.",
    filterPattern: (scope) => (scope.cisText === 'cis-v6.0.0' ? UNAUTHORIZED_API_CALLS_CIS_V6 : UNAUTHORIZED_API_CALLS_SECURITY_HUB),
    metricName: 'UnauthorizedAPICalls',
    alarm: countInWindow(5),
    controls: ['Security Hub CloudWatch.2', 'CIS 4.1', 'CIS v6.0.0 5.1'],
  }),
  cis({
    id: 'cis-console-signin-without-mfa',
    title: 'Console sign-in without MFA',
    severity: 'high',
    description: 'A successful IAM user console sign-in without MFA. SSO and assumed-role sign-ins are excluded.',
    runbook:
      'A password alone was enough to get in. Identify the user (userIdentity.arn) and source IP; enforce MFA ' +
      'for that user, and if the sign-in was not theirs, reset the password and review the session.',
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    metricName: 'ConsoleSigninWithoutMFA',
    controls: ['Security Hub CloudWatch.3', 'CIS 4.2', 'CIS v6.0.0 5.2'],
  }),
  cis({
    id: 'cis-iam-policy-changes',
    title: 'IAM policy changes',
    severity: 'medium',
    description: 'IAM inline or managed policies created, changed, deleted, attached or detached.',
    runbook:
      'A policy change can grant more than it should. Read requestParameters (policyArn, roleName, ' +
      'policyDocument) and compare with the change request; revert through the code that owns the identity.',
    filterPattern:
      '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
    metricName: 'IAMPolicyChanges',
    controls: ['Security Hub CloudWatch.4', 'CIS 4.4', 'CIS v6.0.0 5.4'],
  }),
  cis({
    id: 'cis-cloudtrail-config-changes',
    title: 'CloudTrail configuration changes',
    severity: 'high',
    description: 'CreateTrail, UpdateTrail, DeleteTrail, StartLogging or StopLogging on any trail.',
    runbook:
      'See trail-tampering, which covers the same events and event selector changes. Confirm the change was ' +
      'a deploy; otherwise restore the trail with terraform apply and investigate the caller.',
    filterPattern:
      '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    metricName: 'CloudTrailConfigChanges',
    controls: ['Security Hub CloudWatch.5', 'CIS 4.5', 'CIS v6.0.0 5.5'],
  }),
  cis({
    id: 'cis-console-auth-failures',
    title: 'Console authentication failures',
    severity: 'medium',
    description: 'Failed console sign-ins, three or more in five minutes.',
    runbook:
      'A burst of failures from one source is password guessing. Group by userIdentity.userName (or ' +
      'additionalEventData) and sourceIPAddress; lock or reset targeted users and make sure they have MFA.',
    filterPattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    metricName: 'ConsoleAuthenticationFailures',
    alarm: countInWindow(3),
    controls: ['Security Hub CloudWatch.6', 'CIS 4.6', 'CIS v6.0.0 5.6'],
  }),
  cis({
    id: 'cis-cmk-disable-or-deletion',
    title: 'Customer managed key disabled or scheduled for deletion',
    severity: 'high',
    description: 'DisableKey or ScheduleKeyDeletion on any KMS key in the account.',
    runbook:
      'Data encrypted under a deleted key is lost for good. Read requestParameters.keyId; unless the deletion ' +
      'is approved, cancel it (CancelKeyDeletion) and re-enable the key within the waiting period.',
    filterPattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    metricName: 'DisableOrDeleteCMK',
    controls: ['Security Hub CloudWatch.7', 'CIS 4.7', 'CIS v6.0.0 5.7'],
  }),
  cis({
    id: 'cis-s3-bucket-policy-changes',
    title: 'S3 bucket policy, ACL, CORS, lifecycle or replication changes',
    severity: 'high',
    description: 'Bucket policy, ACL, CORS, lifecycle or replication put or deleted on any bucket.',
    runbook:
      'A loosened bucket policy or ACL can expose data; a lifecycle or replication change can delete or copy ' +
      'it elsewhere. Read requestParameters.bucketName and the new configuration in the event, compare with the ' +
      'reviewed one, and revert through the code that owns the bucket.',
    filterPattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    metricName: 'S3BucketPolicyChanges',
    controls: ['Security Hub CloudWatch.8', 'CIS 4.8', 'CIS v6.0.0 5.8'],
  }),
  cis({
    id: 'cis-config-changes',
    title: 'AWS Config configuration changes',
    severity: 'medium',
    description: 'The Config recorder stopped or changed, or its delivery channel changed or deleted.',
    runbook:
      'Without Config, configuration drift goes unrecorded. Restart the recorder (StartConfigurationRecorder) ' +
      'and restore the delivery channel unless the change was approved.',
    filterPattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    metricName: 'AWSConfigChanges',
    controls: ['Security Hub CloudWatch.9', 'CIS 4.9', 'CIS v6.0.0 5.9'],
  }),
  cis({
    id: 'cis-security-group-changes',
    title: 'Security group changes',
    severity: 'medium',
    description: 'Security groups created or deleted, or their rules authorized or revoked.',
    runbook:
      'Look for ingress opened to 0.0.0.0/0 or ::/0 in requestParameters.ipPermissions. Revert rules nobody ' +
      'asked for through the code that owns the group.',
    filterPattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    metricName: 'SecurityGroupChanges',
    controls: ['Security Hub CloudWatch.10', 'CIS 4.10', 'CIS v6.0.0 5.10'],
  }),
  cis({
    id: 'cis-nacl-changes',
    title: 'Network ACL changes',
    severity: 'medium',
    description: 'Network ACLs or their entries created, replaced, deleted or re-associated.',
    runbook: 'Check requestParameters for allow-all entries; revert changes nobody asked for.',
    filterPattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    metricName: 'NACLChanges',
    controls: ['Security Hub CloudWatch.11', 'CIS 4.11', 'CIS v6.0.0 5.11'],
  }),
  cis({
    id: 'cis-network-gateway-changes',
    title: 'Network gateway changes',
    severity: 'medium',
    description: 'Customer or internet gateways created, deleted, attached or detached.',
    runbook: 'A new internet gateway can open a private network to the internet. Confirm the change was planned.',
    filterPattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    metricName: 'GatewayChanges',
    controls: ['Security Hub CloudWatch.12', 'CIS 4.12', 'CIS v6.0.0 5.12'],
  }),
  cis({
    id: 'cis-route-table-changes',
    title: 'Route table changes',
    severity: 'medium',
    description: 'Routes or route tables created, replaced, deleted or disassociated.',
    runbook:
      'A changed route can send traffic through a host someone controls. Read requestParameters ' +
      '(destinationCidrBlock, gatewayId, instanceId); revert changes nobody asked for.',
    filterPattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    metricName: 'RouteTableChanges',
    controls: ['Security Hub CloudWatch.13', 'CIS 4.13', 'CIS v6.0.0 5.13'],
  }),
  cis({
    id: 'cis-vpc-changes',
    title: 'VPC changes',
    severity: 'medium',
    description: 'VPCs created, deleted or modified, and peering or ClassicLink changes.',
    runbook: 'Peering connections join networks: confirm the peer account and that the change was planned.',
    filterPattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    metricName: 'VPCChanges',
    controls: ['Security Hub CloudWatch.14', 'CIS 4.14', 'CIS v6.0.0 5.14'],
  }),
  cis({
    id: 'cis-organizations-changes',
    title: 'AWS Organizations changes',
    severity: 'high',
    description: 'Accounts, organizational units, policies (SCPs) or handshakes changed in AWS Organizations.',
    runbook:
      'An SCP detached or an account moved can lift guardrails for a whole account. These events are recorded ' +
      'in the management account (us-east-1); confirm the change with the organization owners and revert it.',
    filterPattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    metricName: 'OrganizationsChanges',
    controls: ['CIS 4.15', 'CIS v6.0.0 5.15'],
  }),
];
