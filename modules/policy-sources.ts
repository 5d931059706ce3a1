/**
 * The AWS documentation page every policy statement the stacks write follows, by statement id.
 * Sids are unique across the project so that this table, docs/policies.md and the compliance rules
 * can name a statement without saying which document holds it. A statement whose sid is missing
 * here fails a unit test: a shape nobody can point to on an AWS page is not shipped.
 */

import {
  AwsPage,
  CHATBOT_GUARDRAILS,
  CHATBOT_NOTIFICATION_PERMISSIONS,
  CHATBOT_ROLE,
  EVENTBRIDGE_CONFUSED_DEPUTY,
  EVENTBRIDGE_SNS_KMS,
  EVENTBRIDGE_SNS_PERMISSIONS,
  CLOUDTRAIL_BUCKET_POLICY,
  CLOUDTRAIL_LOG_FILE_LOCATION,
  CLOUDTRAIL_ORGANIZATION_BUCKET_POLICY,
  CLOUDTRAIL_KMS_KEY_POLICY,
  CLOUDTRAIL_ROLE_POLICY,
  CLOUDWATCH_ALARM_TOPIC,
  KMS_DEFAULT_KEY_POLICY,
  S3_ACCESS_LOGGING,
  S3_REPLICATION_BUCKET_KEY,
  S3_REPLICATION_ENCRYPTION,
  S3_REPLICATION_PERMISSIONS,
  S3_TLS_ONLY,
  SNS_ACCESS_POLICY_CASES,
  SNS_CLOUDWATCH_ALARM_PUBLISHERS,
  SNS_ENCRYPTED_TOPIC_SOURCES,
  SNS_TLS_ONLY,
} from './aws-pages';

export type { AwsPage };

export interface PolicySource {
  /** The page whose statement shape this one follows. */
  readonly follows: AwsPage;
  /** More pages the statement relies on (a condition's own documentation, for example). */
  readonly seeAlso?: readonly AwsPage[];
  /**
   * For a service-principal statement that carries no `aws:SourceArn` / `aws:SourceAccount` and no
   * encryption-context condition: why, and the page that says so. The confused-deputy rule accepts
   * exactly these; everywhere else such a statement is a finding.
   */
  readonly confusedDeputyException?: { readonly reason: string; readonly page: AwsPage };
}

export const POLICY_SOURCES: Readonly<Record<string, PolicySource>> = {
  // Trail key (modules/trail-key.ts)
  EnableAccountAdministration: { follows: KMS_DEFAULT_KEY_POLICY },
  AllowCloudTrailToEncryptLogs: {
    follows: { title: `${CLOUDTRAIL_KMS_KEY_POLICY.title}, "Granting encrypt permissions for trails"`, url: `${CLOUDTRAIL_KMS_KEY_POLICY.url}#create-kms-key-policy-for-cloudtrail-encrypt` },
  },
  AllowCloudTrailToDecryptWithTheBucketKey: {
    follows: {
      title: `${CLOUDTRAIL_KMS_KEY_POLICY.title}, "Required KMS key policy elements for trails" (kms:Decrypt with an S3 Bucket Key)`,
      url: `${CLOUDTRAIL_KMS_KEY_POLICY.url}#create-kms-key-policy-for-cloudtrail-policy-sections`,
    },
  },
  AllowCloudTrailToDescribeKey: {
    follows: { title: `${CLOUDTRAIL_KMS_KEY_POLICY.title}, "Enable CloudTrail to describe KMS key properties"`, url: `${CLOUDTRAIL_KMS_KEY_POLICY.url}#create-kms-key-policy-for-cloudtrail-describe` },
  },
  AllowCloudWatchLogsForTheTrailLogGroup: {
    follows: {
      title: 'Amazon CloudWatch Logs User Guide: Encrypt log data in CloudWatch Logs using AWS KMS, "Step 2: Set permissions on the KMS key"',
      url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
    },
  },
  AllowCloudWatchAlarmsToUseTheKeyForTheTopic: {
    follows: SNS_ENCRYPTED_TOPIC_SOURCES,
    confusedDeputyException: {
      reason:
        'AWS documents this statement without conditions, and no AWS page says CloudWatch passes aws:SourceArn or ' +
        'aws:SourceAccount to KMS when an alarm publishes: a condition the request does not carry would drop every ' +
        "alarm notification silently. The topic policy holds CloudWatch to this stack's alarms with aws:SourceArn.",
      page: SNS_ENCRYPTED_TOPIC_SOURCES,
    },
  },

  // Log bucket (modules/audit-log-bucket.ts)
  DenyInsecureTransport: { follows: S3_TLS_ONLY },
  AWSCloudTrailAclCheck: { follows: CLOUDTRAIL_BUCKET_POLICY },
  AWSCloudTrailWrite: { follows: CLOUDTRAIL_BUCKET_POLICY },
  AWSCloudTrailOrganizationWrite: { follows: CLOUDTRAIL_ORGANIZATION_BUCKET_POLICY, seeAlso: [CLOUDTRAIL_LOG_FILE_LOCATION] },

  // Access-log bucket (modules/access-log-bucket.ts)
  DenyInsecureTransportToAccessLogs: { follows: S3_TLS_ONLY },
  S3ServerAccessLogsPolicy: { follows: S3_ACCESS_LOGGING },

  // Replication (modules/log-replication.ts)
  AllowS3ReplicationToAssume: {
    follows: { title: `${S3_REPLICATION_PERMISSIONS.title}, "Creating an IAM role"`, url: S3_REPLICATION_PERMISSIONS.url },
    confusedDeputyException: {
      reason:
        'S3 documents the replication role\'s trust without conditions, and no AWS page says S3 replication sends ' +
        'aws:SourceArn or aws:SourceAccount when it assumes the role: a condition it does not send would stop every copy. ' +
        'The role can only read this bucket and write replicas into the one destination.',
      page: S3_REPLICATION_PERMISSIONS,
    },
  },
  ReadSourceReplicationConfiguration: { follows: S3_REPLICATION_PERMISSIONS },
  ReadSourceObjectVersions: {
    follows: S3_REPLICATION_PERMISSIONS,
    seeAlso: [{ title: 'Amazon S3 User Guide: Using Object Lock with S3 Replication', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-replication' }],
  },
  WriteReplicas: {
    follows: S3_REPLICATION_PERMISSIONS,
    seeAlso: [{ title: 'Amazon S3 User Guide: Changing the replica owner', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html' }],
  },
  DecryptSourceLogFiles: { follows: S3_REPLICATION_ENCRYPTION },
  EncryptReplicas: { follows: S3_REPLICATION_ENCRYPTION },
  VerifyTheReplicaBucketKey: { follows: S3_REPLICATION_BUCKET_KEY },

  // Delivery role (modules/log-delivery-role.ts)
  AllowCloudTrailToAssume: {
    follows: {
      title: 'AWS CloudTrail User Guide: Sending events to CloudWatch Logs, "Creating a role"',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html',
    },
    confusedDeputyException: {
      reason:
        'CloudTrail documents that confused deputy prevention is not applicable to the role it assumes for CloudWatch Logs ' +
        'and that the role policy does not support aws:SourceArn or aws:SourceAccount: with them CloudTrail cannot assume ' +
        'the role and CreateTrail fails (InvalidCloudWatchLogsRoleArnException). The role can only write to the trail\'s own streams.',
      page: CLOUDTRAIL_ROLE_POLICY,
    },
  },
  AWSCloudTrailCreateLogStream: { follows: CLOUDTRAIL_ROLE_POLICY },
  AWSCloudTrailPutLogEvents: { follows: CLOUDTRAIL_ROLE_POLICY },

  // Alarm topics (modules/alarm-topic.ts): the main topic and the paging topic
  AllowAccountToManageTheTopic: { follows: SNS_ACCESS_POLICY_CASES },
  AllowThisStacksAlarmsToPublish: { follows: CLOUDWATCH_ALARM_TOPIC, seeAlso: [SNS_CLOUDWATCH_ALARM_PUBLISHERS] },
  DenyInsecureTransportToTheTopic: { follows: SNS_TLS_ONLY },
  // The fast path (modules/fast-path.ts): EventBridge rules publishing to the topics.
  AllowThisStacksRulesToPublish: { follows: EVENTBRIDGE_SNS_PERMISSIONS, seeAlso: [EVENTBRIDGE_CONFUSED_DEPUTY] },
  AllowThisStacksRulesToPublishToThePagingTopic: { follows: EVENTBRIDGE_SNS_PERMISSIONS, seeAlso: [EVENTBRIDGE_CONFUSED_DEPUTY] },
  AllowEventBridgeToUseTheKeyForTheTopics: {
    follows: EVENTBRIDGE_SNS_KMS,
    seeAlso: [SNS_ENCRYPTED_TOPIC_SOURCES],
    confusedDeputyException: {
      reason:
        'The EventBridge User Guide documents this statement without conditions, and no AWS page says EventBridge passes ' +
        'aws:SourceArn or aws:SourceAccount to KMS when a rule publishes to an encrypted topic: a condition the request does ' +
        "not carry would drop every fast-path message. The topic policy holds EventBridge to this stack's rules with aws:SourceArn.",
      page: EVENTBRIDGE_SNS_KMS,
    },
  },
  AllowAccountToManageThePagingTopic: { follows: SNS_ACCESS_POLICY_CASES },
  AllowThisStacksAlarmsToPublishToThePagingTopic: { follows: CLOUDWATCH_ALARM_TOPIC, seeAlso: [SNS_CLOUDWATCH_ALARM_PUBLISHERS] },
  DenyInsecureTransportToThePagingTopic: { follows: SNS_TLS_ONLY },
  // Alarm chat channel (modules/alarm-chat-channel.ts)
  AllowChatbotToAssumeTheChannelRole: {
    follows: CHATBOT_ROLE,
    confusedDeputyException: {
      reason:
        'The Chatbot Administrator Guide documents the channel role\'s trust without conditions, and no AWS page says ' +
        'Chatbot sends aws:SourceArn or aws:SourceAccount when it assumes the role: a condition it does not send would ' +
        'stop every chat notification. The role can only read CloudWatch, and the same policy is the channel guardrail.',
      page: CHATBOT_ROLE,
    },
  },
  AllowChatbotToReadCloudWatchForNotifications: {
    follows: CHATBOT_NOTIFICATION_PERMISSIONS,
    seeAlso: [CHATBOT_GUARDRAILS],
  },
};
