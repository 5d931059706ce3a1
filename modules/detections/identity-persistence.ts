import { ANY_OCCURRENCE, countInWindow, Detection, PROJECT_NAMESPACE } from './detection';
import { allOf, anyEventName, fromService, SUCCEEDED } from './pattern-parts';

/**
 * Ways to keep access after the first foothold, or to turn an access key into a console session.
 * Policy attachments and inline policies are CIS CloudWatch.4, kept verbatim in cis-foundations.
 */

export const IDENTITY_PERSISTENCE_DETECTIONS: readonly Detection[] = [
  {
    id: 'console-signin-with-federation-token',
    title: 'Console session opened from GetFederationToken credentials',
    severity: 'high',
    group: 'identity-persistence',
    description:
      'A console sign-in (ConsoleLogin) or sign-in token request (GetSigninToken) by a FederatedUser: ' +
      "credentials minted with GetFederationToken from an IAM user's access key, turned into a console session.",
    runbook:
      'This is how a leaked access key becomes a browser session that needs no password and no MFA ' +
      '(tools such as aws_consoler do it in one step). userIdentity.sessionContext.sessionIssuer names the IAM ' +
      'user whose key was used. Unless a known broker does this, deactivate that access key, and note that ' +
      'federation sessions outlive the key: revoke them with an inline deny on the user for ' +
      'aws:TokenIssueTime before now.',
    filterPattern: allOf(
      fromService('signin.amazonaws.com'),
      anyEventName('ConsoleLogin', 'GetSigninToken'),
      '($.userIdentity.type = "FederatedUser")',
    ),
    metricName: 'ConsoleSigninWithFederationToken',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'sts-federation-token-issued',
    title: 'Federation credentials issued from an access key (GetFederationToken)',
    severity: 'medium',
    group: 'identity-persistence',
    description: 'GetFederationToken: an IAM user or root mints temporary credentials that keep working after its access key is disabled.',
    runbook:
      'Few workloads need GetFederationToken; attackers use it to persist past key rotation and to reach the ' +
      'console. Read userIdentity.arn (the key owner), requestParameters.name and requestParameters.policy. If ' +
      'no identity broker is expected to call it, deactivate the access key and deny the user for ' +
      'aws:TokenIssueTime before now, which also ends the federated sessions.',
    filterPattern: allOf(fromService('sts.amazonaws.com'), anyEventName('GetFederationToken')),
    metricName: 'StsFederationTokenIssued',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'iam-role-trust-policy-changes',
    title: "A role's trust policy changed",
    severity: 'high',
    group: 'identity-persistence',
    description: 'UpdateAssumeRolePolicy: who may assume a role changed, without any permission policy changing.',
    runbook:
      'Adding a principal, often an external account, to a trust policy is a backdoor that policy-change ' +
      'alarms do not see. Read requestParameters.roleName and requestParameters.policyDocument and compare ' +
      'with the reviewed policy; revert through the code that owns the role and check for AssumeRole calls ' +
      'from the added principal.',
    filterPattern: allOf(fromService('iam.amazonaws.com'), anyEventName('UpdateAssumeRolePolicy')),
    metricName: 'IamRoleTrustPolicyChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'iam-user-credentials-created',
    title: 'Long-term credentials created for an IAM user',
    severity: 'medium',
    group: 'identity-persistence',
    description:
      'CreateAccessKey, CreateLoginProfile or UpdateLoginProfile: an access key or a console password created ' +
      'for an IAM user, or the password reset.',
    runbook:
      'A new access key or password on an existing user is a quiet way to keep access; on a user meant for ' +
      'programs, a console password has no legitimate use. Compare requestParameters.userName with ' +
      'userIdentity.arn: someone creating credentials for another user is the suspicious case. Delete ' +
      'credentials nobody asked for and review what they were used for.',
    filterPattern: allOf(
      fromService('iam.amazonaws.com'),
      anyEventName('CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile'),
    ),
    metricName: 'IamUserCredentialsCreated',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'roles-anywhere-trust-changes',
    title: 'IAM Roles Anywhere trust anchor or profile created or changed',
    severity: 'high',
    group: 'identity-persistence',
    description:
      'CreateTrustAnchor, UpdateTrustAnchor, EnableTrustAnchor, CreateProfile or UpdateProfile: a certificate ' +
      'authority trusted to hand out role credentials outside AWS.',
    runbook:
      'A trust anchor lets anyone holding a certificate from that CA assume the roles its profiles name, from ' +
      'anywhere. Read requestParameters (name, source, roleArns) and the caller; disable anchors and profiles ' +
      'nobody approved, and review CreateSession calls made through them.',
    filterPattern: allOf(
      fromService('rolesanywhere.amazonaws.com'),
      anyEventName('CreateTrustAnchor', 'UpdateTrustAnchor', 'EnableTrustAnchor', 'CreateProfile', 'UpdateProfile'),
    ),
    metricName: 'RolesAnywhereTrustChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'console-signin-token-for-role-session',
    title: 'Console sign-in token requested with role session credentials',
    severity: 'high',
    group: 'identity-persistence',
    description:
      'GetSigninToken by an assumed-role session other than an IAM Identity Center one: temporary role credentials ' +
      '(from an instance profile, a CI job, a stolen session) turned into a console session through the federation endpoint.',
    runbook:
      'Tools such as aws_consoler turn any role credentials into a browser session this way; IAM Identity Center ' +
      '(AWSReservedSSO_ roles) does it legitimately and is left out. Read userIdentity.arn (the role and session ' +
      'name), sourceIPAddress and userAgent. A workload role has no reason to open the console: revoke its ' +
      'sessions (an inline deny on aws:TokenIssueTime before now) and find where the credentials leaked.',
    filterPattern: allOf(
      fromService('signin.amazonaws.com'),
      anyEventName('GetSigninToken'),
      '($.userIdentity.type = "AssumedRole")',
      '($.userIdentity.arn != "*:assumed-role/AWSReservedSSO_*")',
      SUCCEEDED,
    ),
    metricName: 'ConsoleSigninTokenForRoleSession',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'console-signin-failures',
    title: 'Console sign-in failures, whatever the record says',
    severity: 'medium',
    group: 'identity-persistence',
    description:
      'ConsoleLogin with responseElements.ConsoleLogin "Failure", three or more in five minutes: every failed ' +
      'console sign-in, including those recorded without the errorMessage the CIS pattern (cis-console-auth-failures) needs.',
    runbook:
      'A burst of failures from one source is password guessing or credential stuffing. Group by ' +
      'userIdentity.userName or userIdentity.arn and sourceIPAddress; lock or reset the targeted users, make sure they ' +
      'have MFA, and block the source if it is not yours.',
    filterPattern: allOf(
      fromService('signin.amazonaws.com'),
      anyEventName('ConsoleLogin'),
      '($.responseElements.ConsoleLogin = "Failure")',
    ),
    metricName: 'ConsoleSigninFailures',
    namespace: PROJECT_NAMESPACE,
    alarm: countInWindow(3),
  },
  {
    id: 'organizations-account-created',
    title: 'An account created in the organization',
    severity: 'high',
    group: 'identity-persistence',
    description:
      'CreateAccountResult: AWS Organizations finished creating an account (or failed to). CreateAccount itself is ' +
      'in the CIS Organizations list; the result is the event that says an account now exists.',
    runbook:
      'A new member account is a place to run workloads and keep access outside every guardrail the existing ' +
      'accounts have. Read serviceEventDetails.createAccountStatus (accountName, accountId, state) and find the ' +
      'CreateAccount call and its caller. If nobody on the platform team asked for it, move the account to a ' +
      'quarantine OU with a deny-all SCP and close it.',
    filterPattern: allOf(fromService('organizations.amazonaws.com'), anyEventName('CreateAccountResult')),
    metricName: 'OrganizationsAccountCreated',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
