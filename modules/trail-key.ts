import { Construct } from 'constructs';
import { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { accountRootArn, anyTrailOfAccountArn, AwsLocation, logGroupArn, regionalServicePrincipal, trailArn } from './arns';
import { awsPrincipal, CLOUDTRAIL_PRINCIPAL, condition, fromTrail, policyWithSwitchedStatements, servicePrincipal } from './policy';
import type { PlanTime } from './plan-time';

export interface TrailKeyProps {
  readonly location: AwsLocation;
  /** Name of the trail the key serves: its alias and description say so. */
  readonly trailName: string;
  /**
   * The trail whose log files the key encrypts, or `false` when it encrypts none (the trail's
   * stack when the log files go to a log archive, whose own key encrypts them). For an
   * organization trail, the management account owns the trail, whoever created it.
   * @default the trail named `trailName` in the key's own account and region
   */
  readonly logFilesOf?: LogFilesOf | false;
  /**
   * Name of the log group the key encrypts, in the key's account and region.
   * @default none
   */
  readonly logGroupName?: string;
  /**
   * Whether the alarm topics are encrypted with the key, so CloudWatch must be able to use it.
   * @default true
   */
  readonly alarmTopics?: boolean;
  /**
   * Whether the log bucket uses an S3 Bucket Key: CloudTrail then needs kms:Decrypt to create or
   * update the trail.
   * @default true
   */
  readonly logBucketUsesBucketKey?: boolean;
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
  /**
   * Lets EventBridge use the key to publish the fast path's messages to the topics it encrypts. A
   * plan-time switch for the exported module (`var.fast_path`).
   * @default false
   */
  readonly eventBridgePublishesToTopics?: boolean | PlanTime;
}

/** A trail whose log files a key encrypts: its ARN, and the account that owns it (the one its ARN names). */
export interface LogFilesOf {
  readonly trailArn: string;
  readonly ownerAccountId: string;
}

/** The customer managed key that encrypts the trail's log files, its log group and its alarm topic. */
export class TrailKey extends Construct {
  public readonly key: KmsKey;
  public readonly keyArn: string;
  /** The names a KMS request may give the key besides its ARN: its id, its alias, the alias ARN. */
  public readonly names: readonly string[];

  constructor(scope: Construct, id: string, props: TrailKeyProps) {
    super(scope, id);
    const at = props.location;
    const trail = props.logFilesOf === undefined ? { trailArn: trailArn(at, props.trailName), ownerAccountId: at.accountId } : props.logFilesOf;

    const policy = policyWithSwitchedStatements(this, 'Policy', [
        {
          // Follows the KMS default key policy. Without it the key becomes unmanageable: no IAM
          // policy in the account could grant access to it.
          sid: 'EnableAccountAdministration',
          principals: awsPrincipal(accountRootArn(at)),
          actions: ['kms:*'],
          resources: ['*'],
        },
        ...(trail === false ? [] : cloudTrailStatements(at.partition, trail, props.logBucketUsesBucketKey ?? true)),
        ...(props.logGroupName === undefined
          ? []
          : [
              {
                // Follows "Encrypt log data in CloudWatch Logs using AWS KMS" (CloudWatch Logs User Guide).
                // The encryption context names the one log group, which carries the account id: this is
                // CloudWatch Logs' confused-deputy guard.
                sid: 'AllowCloudWatchLogsForTheTrailLogGroup',
                principals: servicePrincipal(regionalServicePrincipal(at, 'logs')),
                actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
                resources: ['*'],
                condition: [condition('ArnEquals', 'kms:EncryptionContext:aws:logs:arn', logGroupArn(at, props.logGroupName))],
              },
            ]),
        ...(props.alarmTopics === false
          ? []
          : [
              {
                // Follows "Enable compatibility between event sources from AWS services and encrypted
                // topics" (SNS Developer Guide), which documents it without conditions. No AWS page says
                // CloudWatch sends aws:SourceArn to KMS for an alarm action; a condition it does not send
                // would silence every alarm. The topic policy is where CloudWatch is held to these alarms.
                sid: 'AllowCloudWatchAlarmsToUseTheKeyForTheTopic',
                principals: servicePrincipal('cloudwatch.amazonaws.com'),
                actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                resources: ['*'],
              },
            ]),
      ],
      {
        on: props.eventBridgePublishesToTopics,
        id: 'PolicyWithTheFastPath',
        statements: [
          {
            // Follows the EventBridge User Guide's troubleshooting page, "My rule runs, but I don't see any
            // messages published into my Amazon SNS topic", Scenario 2: exactly these actions, no condition.
            // The topic policy holds EventBridge to this stack's rules.
            sid: 'AllowEventBridgeToUseTheKeyForTheTopics',
            principals: servicePrincipal('events.amazonaws.com'),
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: ['*'],
          },
        ],
      },
    );

    this.key = new KmsKey(this, 'Resource', {
      description: trail === false ? `Encrypts the log group and alarm topics of CloudTrail trail ${props.trailName}` : `Encrypts CloudTrail trail ${props.trailName}: log files${props.logGroupName === undefined ? '' : ', log group'}${props.alarmTopics === false ? '' : ' and alarm topic'}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    const alias = new KmsAlias(this, 'Alias', { name: `alias/${props.trailName}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.names = [this.key.keyId, `alias/${props.trailName}`, alias.arn];
  }
}

/**
 * What CloudTrail needs of the key that encrypts a trail's log files ("Configure AWS KMS key
 * policies for CloudTrail", CloudTrail User Guide), held to the one trail by aws:SourceArn. The
 * encryption context is the trail's ARN, in any region of a multi-region trail, and the trail's
 * owner: for an organization trail, the management account, whoever created it.
 */
function cloudTrailStatements(partition: string, trail: LogFilesOf, bucketKey: boolean): DataAwsIamPolicyDocumentStatement[] {
  return [
    {
      // Follows "Configure AWS KMS key policies for CloudTrail", Granting encrypt permissions:
      // the documented StringLike context (any region of a multi-region trail writes under it),
      // pinned to this one trail by aws:SourceArn.
      sid: 'AllowCloudTrailToEncryptLogs',
      principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      condition: [
        condition('StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn', anyTrailOfAccountArn({ partition, accountId: trail.ownerAccountId })),
        fromTrail(trail.trailArn),
      ],
    },
    ...(bucketKey
      ? [
          {
            // Same page, required elements: with an S3 Bucket Key on the log bucket, CloudTrail
            // needs kms:Decrypt to create or update the trail.
            sid: 'AllowCloudTrailToDecryptWithTheBucketKey',
            principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
            actions: ['kms:Decrypt'],
            resources: ['*'],
            condition: [fromTrail(trail.trailArn)],
          },
        ]
      : []),
    {
      // Same page, "Enable CloudTrail to describe KMS key properties".
      sid: 'AllowCloudTrailToDescribeKey',
      principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      condition: [fromTrail(trail.trailArn)],
    },
  ];
}
