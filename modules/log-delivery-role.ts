import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsLocation, trailArn } from './arns';
import { CLOUDTRAIL_PRINCIPAL, condition, fromTrail, servicePrincipal } from './policy';

export interface LogDeliveryRoleProps {
  readonly location: AwsLocation;
  readonly roleName: string;
  /** Name of the one trail that may assume the role. */
  readonly trailName: string;
  /** ARN of the log group (without `:*`) the role may write to. */
  readonly logGroupArn: string;
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
          sid: 'AllowTheTrailToAssume',
          principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
          actions: ['sts:AssumeRole'],
          condition: [
            fromTrail(trailArn(props.location, props.trailName)),
            condition('StringEquals', 'aws:SourceAccount', props.location.accountId),
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: `CloudTrail ${props.trailName} delivers events to CloudWatch Logs`,
      assumeRolePolicy: trust.json,
    });
    this.roleArn = this.role.arn;

    const permissions = new DataAwsIamPolicyDocument(this, 'PermissionsPolicy', {
      statement: [
        {
          sid: 'WriteTrailEventsToTheLogGroup',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [`${props.logGroupArn}:log-stream:*`],
        },
      ],
    });
    this.policy = new IamRolePolicy(this, 'Policy', {
      name: 'cloudtrail-to-cloudwatch-logs',
      role: this.role.id,
      policy: permissions.json,
    });
  }
}
