import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { accountRootArn, alarmArnPattern, AwsLocation, logGroupArn, regionalServicePrincipal, trailArn } from './arns';
import { awsPrincipal, CLOUDTRAIL_PRINCIPAL, condition, fromTrail, servicePrincipal } from './policy';

export interface TrailKeyProps {
  readonly location: AwsLocation;
  /** Name of the trail whose log files the key encrypts. */
  readonly trailName: string;
  /** Name of the log group the key encrypts. */
  readonly logGroupName: string;
  /**
   * Prefix of the alarms that publish to the key-encrypted SNS topic.
   * CloudWatch may use the key only on behalf of alarms with this prefix.
   */
  readonly alarmNamePrefix: string;
  /**
   * Days KMS waits before deleting the key once deletion is scheduled.
   * @default 30 (the maximum, the longest window to notice and cancel)
   */
  readonly deletionWindowInDays?: number;
  /**
   * Refuse any plan that would destroy the key.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** The customer managed key that encrypts the trail's log files, its log group and its alarm topic. */
export class TrailKey extends Construct {
  public readonly key: KmsKey;
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: TrailKeyProps) {
    super(scope, id);
    const at = props.location;
    const trail = trailArn(at, props.trailName);

    const policy = new DataAwsIamPolicyDocument(this, 'Policy', {
      statement: [
        {
          // Without it the key becomes unmanageable: no IAM policy in the account can grant access.
          sid: 'EnableAccountAdministration',
          principals: awsPrincipal(accountRootArn(at)),
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          sid: 'AllowCloudTrailToEncryptLogs',
          principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
          condition: [
            condition('StringEquals', 'kms:EncryptionContext:aws:cloudtrail:arn', trail),
            fromTrail(trail),
          ],
        },
        {
          sid: 'AllowCloudTrailToDescribeKey',
          principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
          actions: ['kms:DescribeKey'],
          resources: ['*'],
          condition: [fromTrail(trail)],
        },
        {
          // The encryption context names the one log group, which carries the account id:
          // this is CloudWatch Logs' confused-deputy guard.
          sid: 'AllowCloudWatchLogsForTheTrailLogGroup',
          principals: servicePrincipal(regionalServicePrincipal(at, 'logs')),
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          condition: [
            condition('ArnEquals', 'kms:EncryptionContext:aws:logs:arn', logGroupArn(at, props.logGroupName)),
          ],
        },
        {
          sid: 'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
          principals: servicePrincipal('cloudwatch.amazonaws.com'),
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          condition: [
            condition('ArnLike', 'aws:SourceArn', alarmArnPattern(at, `${props.alarmNamePrefix}-`)),
            condition('StringEquals', 'aws:SourceAccount', at.accountId),
          ],
        },
      ],
    });

    this.key = new KmsKey(this, 'Resource', {
      description: `Encrypts CloudTrail trail ${props.trailName}: log files, log group and alarm topic`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policy.json,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.trailName}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }
}
