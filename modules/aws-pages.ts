/** AWS documentation pages the policies follow and the access proof's requests are built from. */

export interface AwsPage {
  readonly title: string;
  readonly url: string;
}

export const CLOUDTRAIL_BUCKET_POLICY: AwsPage = {
  title: 'AWS CloudTrail User Guide: Amazon S3 bucket policy for CloudTrail',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
};
export const CLOUDTRAIL_ORGANIZATION_BUCKET_POLICY: AwsPage = {
  title: 'AWS CloudTrail User Guide: Creating a trail for an organization with the AWS CLI, "Create a bucket policy for an organization trail" (the management account\'s path, which CreateTrail checks, and the organization\'s)',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html',
};
export const CLOUDTRAIL_DELEGATED_ADMINISTRATOR: AwsPage = {
  title: 'AWS CloudTrail User Guide: Organization delegated administrator ("The management account remains the owner of any CloudTrail organization resources the delegated administrator creates"; its log group and role "must exist in the calling account")',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html',
};
export const CLOUDTRAIL_KMS_KEY_POLICY: AwsPage = {
  title: 'AWS CloudTrail User Guide: Configure AWS KMS key policies for CloudTrail',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
};
export const CLOUDTRAIL_ROLE_POLICY: AwsPage = {
  title: 'AWS CloudTrail User Guide: Role policy document for CloudTrail to use CloudWatch Logs for monitoring',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html',
};
export const S3_ACCESS_LOGGING: AwsPage = {
  title: 'Amazon S3 User Guide: Enabling Amazon S3 server access logging, "Grant permissions to the logging service principal by using a bucket policy"',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
};
export const S3_REPLICATION_PERMISSIONS: AwsPage = {
  title: 'Amazon S3 User Guide: Setting up permissions for live replication',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html',
};
export const S3_REPLICATION_ENCRYPTION: AwsPage = {
  title: 'Amazon S3 User Guide: Replicating objects created with server-side encryption, "Granting additional permissions for the IAM role"',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html',
};
export const S3_TLS_ONLY: AwsPage = {
  title: 'Amazon S3 User Guide: Examples of Amazon S3 bucket policies, "Managing access based on HTTP or HTTPS requests"',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html#example-bucket-policies-HTTP-HTTPS',
};
export const SNS_ENCRYPTED_TOPIC_SOURCES: AwsPage = {
  title: 'Amazon SNS Developer Guide: Enable compatibility between event sources from AWS services and encrypted topics',
  url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
};
export const SNS_ACCESS_POLICY_CASES: AwsPage = {
  title: 'Amazon SNS Developer Guide: Example cases for Amazon SNS access control',
  url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html',
};

export const CLOUDWATCH_ALARM_TOPIC: AwsPage = {
  title: 'AWS re:Post Knowledge Center: Why didn\'t I receive an SNS notification for my CloudWatch alarm trigger?',
  url: 'https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger',
};
export const SNS_CLOUDWATCH_ALARM_PUBLISHERS: AwsPage = {
  title: 'Amazon SNS Developer Guide: Example cases for Amazon SNS access control, "Allow any CloudWatch alarm to publish to a topic in a different account"',
  url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html#sns-allow-cloudwatch-alarm-to-publish-to-topic-in-another-account',
};
export const SNS_TLS_ONLY: AwsPage = {
  title: 'Amazon SNS Developer Guide: Amazon SNS security best practices, "Enforce encryption of data in transit"',
  url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit',
};
export const EVENTBRIDGE_SNS_PERMISSIONS: AwsPage = {
  title: 'Amazon EventBridge User Guide: Using resource-based policies for Amazon EventBridge, "Amazon SNS permissions"',
  url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions',
};
export const EVENTBRIDGE_CONFUSED_DEPUTY: AwsPage = {
  title: 'Amazon EventBridge User Guide: Cross-service confused deputy prevention in Amazon EventBridge, "Event buses" (aws:SourceArn is the rule ARN)',
  url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html',
};
export const EVENTBRIDGE_SNS_KMS: AwsPage = {
  title: 'Amazon EventBridge User Guide: Troubleshooting, "My rule runs, but I don\'t see any messages published into my Amazon SNS topic", Scenario 2',
  url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html#eb-no-messages-published-sns',
};
/** What CloudTrail sends to EventBridge, and what it does not: detail type, read-only calls, delivery "best effort". */
export const EVENTBRIDGE_CLOUDTRAIL_EVENTS: AwsPage = {
  title: 'Amazon EventBridge User Guide: Events from AWS services (AWS API Call via CloudTrail; best effort delivery)',
  url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html',
};
export const CHATBOT_ROLE: AwsPage = {
  title: 'AWS Chatbot Administrator Guide: Getting started, "Configuring an IAM role for AWS Chatbot"',
  url: 'https://docs.aws.amazon.com/chatbot/latest/adminguide/getting-started.html',
};


// Pages that say what a service sends when it acts on the stack's resources: the access proof
// builds each request from one of them (scripts/lib/access-proof/interactions/).
export const CLOUDTRAIL_LOG_FILE_LOCATION: AwsPage = {
  title: 'AWS CloudTrail User Guide: Getting and viewing your CloudTrail log files, "Finding your CloudTrail log files"',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html',
};
export const CLOUDTRAIL_DIGEST_FILE_LOCATION: AwsPage = {
  title: 'AWS CloudTrail User Guide: CloudTrail digest file structure, "Digest file location"',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html',
};
export const CLOUDTRAIL_CONFUSED_DEPUTY: AwsPage = {
  title: 'AWS CloudTrail User Guide: Cross-service confused deputy prevention',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html',
};
export const CLOUDTRAIL_LOG_STREAM_NAMES: AwsPage = {
  title: 'AWS CloudTrail User Guide: CloudWatch log group and log stream naming for CloudTrail',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html',
};
export const CLOUDWATCH_LOGS_KMS: AwsPage = {
  title: 'Amazon CloudWatch Logs User Guide: Encrypt log data in CloudWatch Logs using AWS KMS, "KMS keys and encryption context"',
  url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
};
export const S3_ACCESS_LOG_KEY_FORMAT: AwsPage = {
  title: 'Amazon S3 User Guide: Logging requests with server access logging, "Log object key format"',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
};
export const S3_REPLICATION_CROSS_ACCOUNT: AwsPage = {
  title: 'Amazon S3 User Guide: Configuring replication for buckets in different accounts',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html',
};
export const S3_REPLICATION_BUCKET_KEY: AwsPage = {
  title: 'Amazon S3 User Guide: Replicating encrypted objects, "S3 Bucket Keys and replication"',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html#bk-replication',
};
export const KMS_DEFAULT_KEY_POLICY: AwsPage = {
  title: 'AWS KMS Developer Guide: Default key policy, "Allows access to the AWS account and enables IAM policies"',
  url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam',
};
export const CHATBOT_NOTIFICATION_PERMISSIONS: AwsPage = {
  title: 'AWS Chatbot Administrator Guide: IAM policies for AWS Chatbot, "Notification permissions" policy',
  url: 'https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-iam-policies.html',
};
export const CHATBOT_GUARDRAILS: AwsPage = {
  title: 'AWS Chatbot Administrator Guide: Understanding permissions, "Channel guardrail policies"',
  url: 'https://docs.aws.amazon.com/chatbot/latest/adminguide/understanding-permissions.html#channel-guardrails',
};
export const IAM_ANONYMOUS_REQUESTS: AwsPage = {
  title: 'IAM User Guide: AWS JSON policy elements: Principal, "All principals"',
  url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous',
};
