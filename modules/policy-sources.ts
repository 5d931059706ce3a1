/**
 * The AWS documentation page every policy statement the stacks write follows, by statement id.
 * Sids are unique across the project so that this table, docs/policies.md and the compliance rules
 * can name a statement without saying which document holds it. A statement whose sid is missing
 * here fails a unit test: a shape nobody can point to on an AWS page is not shipped.
 */

export interface AwsPage {
  readonly title: string;
  readonly url: string;
}

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

const CLOUDTRAIL_BUCKET_POLICY: AwsPage = {
  title: 'AWS CloudTrail User Guide: Amazon S3 bucket policy for CloudTrail',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
};
const CLOUDTRAIL_KMS_KEY_POLICY: AwsPage = {
  title: 'AWS CloudTrail User Guide: Configure AWS KMS key policies for CloudTrail',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
};
const CLOUDTRAIL_ROLE_POLICY: AwsPage = {
  title: 'AWS CloudTrail User Guide: Role policy document for CloudTrail to use CloudWatch Logs for monitoring',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html',
};
const S3_ACCESS_LOGGING: AwsPage = {
  title: 'Amazon S3 User Guide: Enabling Amazon S3 server access logging, "Grant permissions to the logging service principal by using a bucket policy"',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
};
const S3_REPLICATION_PERMISSIONS: AwsPage = {
  title: 'Amazon S3 User Guide: Setting up permissions for live replication',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html',
};
const S3_REPLICATION_ENCRYPTION: AwsPage = {
  title: 'Amazon S3 User Guide: Replicating objects created with server-side encryption, "Granting additional permissions for the IAM role"',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html',
};
const S3_TLS_ONLY: AwsPage = {
  title: 'Amazon S3 User Guide: Examples of Amazon S3 bucket policies, "Managing access based on HTTP or HTTPS requests"',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html#example-bucket-policies-HTTP-HTTPS',
};
const SNS_ENCRYPTED_TOPIC_SOURCES: AwsPage = {
  title: 'Amazon SNS Developer Guide: Enable compatibility between event sources from AWS services and encrypted topics',
  url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
};
const SNS_ACCESS_POLICY_CASES: AwsPage = {
  title: 'Amazon SNS Developer Guide: Example cases for Amazon SNS access control',
  url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html',
};

const CLOUDWATCH_ALARM_TOPIC: AwsPage = {
  title: 'AWS re:Post Knowledge Center: Why didn\'t I receive an SNS notification for my CloudWatch alarm trigger?',
  url: 'https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger',
};
const SNS_TLS_ONLY: AwsPage = {
  title: 'Amazon SNS Developer Guide: Amazon SNS security best practices, "Enforce encryption of data in transit"',
  url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit',
};
const CHATBOT_ROLE: AwsPage = {
  title: 'AWS Chatbot Administrator Guide: Getting started, "Configuring an IAM role for AWS Chatbot"',
  url: 'https://docs.aws.amazon.com/chatbot/latest/adminguide/getting-started.html',
};

export const POLICY_SOURCES: Readonly<Record<string, PolicySource>> = {
  // Trail key (modules/trail-key.ts)
  EnableAccountAdministration: {
    follows: {
      title: 'AWS KMS Developer Guide: Default key policy, "Allows access to the AWS account and enables IAM policies"',
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam',
    },
  },
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
        "alarm notification silently. The topic policy's statement for CloudWatch keeps both guards.",
      page: SNS_ENCRYPTED_TOPIC_SOURCES,
    },
  },

  // Log bucket (modules/audit-log-bucket.ts)
  DenyInsecureTransport: { follows: S3_TLS_ONLY },
  AWSCloudTrailAclCheck: { follows: CLOUDTRAIL_BUCKET_POLICY },
  AWSCloudTrailWrite: { follows: CLOUDTRAIL_BUCKET_POLICY },

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
  AllowThisStacksAlarmsToPublish: { follows: CLOUDWATCH_ALARM_TOPIC, seeAlso: [SNS_ACCESS_POLICY_CASES] },
  DenyInsecureTransportToTheTopic: { follows: SNS_TLS_ONLY },
  AllowAccountToManageThePagingTopic: { follows: SNS_ACCESS_POLICY_CASES },
  AllowThisStacksAlarmsToPublishToThePagingTopic: { follows: CLOUDWATCH_ALARM_TOPIC, seeAlso: [SNS_ACCESS_POLICY_CASES] },
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
    follows: {
      title: 'AWS Chatbot Administrator Guide: IAM policies for AWS Chatbot, "Notification permissions" policy',
      url: 'https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-iam-policies.html',
    },
    seeAlso: [
      {
        title: 'AWS Chatbot Administrator Guide: Understanding permissions, "Channel guardrail policies"',
        url: 'https://docs.aws.amazon.com/chatbot/latest/adminguide/understanding-permissions.html#channel-guardrails',
      },
    ],
  },
};
