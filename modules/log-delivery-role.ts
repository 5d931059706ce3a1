import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsLocation, cloudTrailLogStreamsArn, organizationTrailLogStreamsArn } from './arns';
import { inExpressionString, isPlanTime, PlanTime } from './plan-time';
import { CLOUDTRAIL_PRINCIPAL, servicePrincipal } from './policy';

export interface LogDeliveryRoleProps {
  readonly location: AwsLocation;
  readonly roleName: string;
  /** Name of the trail that assumes the role; named in its description. */
  readonly trailName: string;
  /** ARN of the log group (without `:*`) the role may write to. */
  readonly logGroupArn: string;
  /**
   * The organization whose organization trail delivers through the role: its streams are named
   * `<organization id>_...`. For the exported module, a plan-time expression that is the id or null.
   * @default none
   */
  readonly organizationId?: string | PlanTime;
}

/** The role CloudTrail assumes to put events into the trail's log group, and nothing else. */
export class LogDeliveryRole extends Construct {
  public readonly role: IamRole;
  /** The trail must depend on it: CloudTrail checks the role can write when the trail is created. */
  public readonly policy: IamRolePolicy;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: LogDeliveryRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [
        {
          // Follows "Sending events to CloudWatch Logs" (CloudTrail User Guide). No aws:SourceArn or
          // aws:SourceAccount: CloudTrail documents them as unsupported here, and with them CloudTrail
          // cannot assume the role (CreateTrail fails with InvalidCloudWatchLogsRoleArnException).
          // The permissions below are what confines the role instead.
          sid: 'AllowCloudTrailToAssume',
          principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
          actions: ['sts:AssumeRole'],
        },
      ],
    });
    this.role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: `CloudTrail ${props.trailName} delivers events to CloudWatch Logs`,
      assumeRolePolicy: trust.json,
    });
    this.roleArn = this.role.arn;

    // CloudTrail names its streams <account>_CloudTrail_<region>[_<n>], one per region of a
    // multi-region trail, and an organization trail's <organization id>_...: the role can write
    // those and no other stream of the group.
    const own = cloudTrailLogStreamsArn(props.logGroupArn, props.location.accountId);
    const organization = props.organizationId;
    // For the module, the second entry is the organization's streams, or again the account's own
    // while var.organization is null: the provider keeps resources as a set, so the policy is then
    // the account's streams alone, and no entry is ever wider than one of the two.
    const streams = isPlanTime(organization)
      ? [own, organizationTrailLogStreamsArn(props.logGroupArn, organizationStreamPrefixOrOwn(organization, props.location.accountId))]
      : [own, ...(organization ? [organizationTrailLogStreamsArn(props.logGroupArn, organization)] : [])];
    const permissions = new DataAwsIamPolicyDocument(this, 'PermissionsPolicy', {
      statement: [
        // Both follow "Role policy document for CloudTrail to use CloudWatch Logs for monitoring" (CloudTrail User Guide).
        { sid: 'AWSCloudTrailCreateLogStream', actions: ['logs:CreateLogStream'], resources: streams },
        { sid: 'AWSCloudTrailPutLogEvents', actions: ['logs:PutLogEvents'], resources: streams },
      ],
    });
    this.policy = new IamRolePolicy(this, 'Policy', {
      name: 'cloudtrail-to-cloudwatch-logs',
      role: this.role.id,
      policy: permissions.json,
    });
  }
}

/**
 * For the module: the organization id that prefixes an organization trail's streams, or, while
 * there is none, `<account>_CloudTrail`, which makes the organization's entry the account's own.
 */
export function organizationStreamPrefixOrOwn(organizationId: PlanTime, accountId: string): string {
  return `\${coalesce(${organizationId.planTimeExpression}, "${inExpressionString(accountId)}_CloudTrail")}`;
}
