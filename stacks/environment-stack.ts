import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider, AwsProviderEndpoints } from '@cdktf/provider-aws/lib/provider';
import { ComplianceCheck } from '../modules/compliance/compliance-check';
import { S3AuditTrail } from '../modules/s3-audit-trail';
import { chatbotApiRegion } from './alarm-routing-schema';
import { partitionOf } from './aws-regions';
import { configureBackend } from './environment-backend';
import { EnvironmentSettings } from './environment-schema';
import { resourceNames, stackTags } from './resource-names';

/** One environment: its AWS provider, its state backend and its S3 audit trail. */
export class EnvironmentStack extends TerraformStack {
  public readonly auditTrail: S3AuditTrail;

  constructor(scope: Construct, env: EnvironmentSettings) {
    super(scope, env.name);

    new AwsProvider(this, 'aws', {
      region: env.region,
      // A stack applied with the wrong credentials fails before it changes anything.
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: stackTags(env) }],
      ...(env.endpoint && emulatorSettings(env.endpoint)),
    });
    // The Chatbot API is offered in a few regions only; its configuration may live in another
    // region than the topics it reads. The schema refuses a chat channel with an emulator endpoint.
    const chatbotProvider = env.chatChannel && new AwsProvider(this, 'chatbot', {
      alias: 'chatbot',
      region: chatbotApiRegion(env.region, env.chatChannel.apiRegion),
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: stackTags(env) }],
    });
    configureBackend(this, env.name, env.backend);

    const names = resourceNames(env);
    const { enabled: unusualVolumeEnabled, ...unusualVolume } = env.unusualVolume;
    this.auditTrail = new S3AuditTrail(this, 'AuditTrail', {
      location: { partition: partitionOf(env.region), region: env.region, accountId: env.accountId },
      trailName: names.trailName,
      logBucketName: names.logBucketName,
      alarmNamePrefix: names.alarmNamePrefix,
      logRetentionDays: env.logRetentionDays,
      logBucketLifecycle: env.logBucketLifecycle,
      watchedBuckets: env.watchedBuckets,
      bucketIntents: env.bucketIntents,
      unusualVolume: unusualVolumeEnabled === false ? false : unusualVolume,
      dataEventReadWriteType: env.dataEventReadWriteType,
      managementEventReadWriteType: env.managementEventReadWriteType,
      alarmEmails: env.alarmEmails,
      silenceAlarmAfterMinutes: env.silenceAlarmAfterMinutes,
      runbookBaseUrl: env.runbookBaseUrl,
      detectionOverrides: env.detections,
      expectedChangeAgents: env.expectedChangeAgents,
      cisText: env.cisText,
      fastPath: env.fastPath,
      accessLogBucketName: names.accessLogBucketName,
      objectLock: env.objectLock,
      replication: env.replication && {
        bucketArn: env.replication.destinationBucketArn,
        accountId: env.replication.destinationAccountId,
        kmsKeyArn: env.replication.destinationKmsKeyArn,
        storageClass: env.replication.storageClass,
      },
      preventDestroy: env.blockDestructiveChanges,
      paging: env.paging,
      chatChannel: env.chatChannel && {
        channel: env.chatChannel.type === 'slack'
          ? { type: 'slack', workspaceId: env.chatChannel.workspaceId, channelId: env.chatChannel.channelId }
          : { type: 'teams', tenantId: env.chatChannel.tenantId, teamId: env.chatChannel.teamId, channelId: env.chatChannel.channelId },
        alarms: env.chatChannel.alarms,
        loggingLevel: env.chatChannel.loggingLevel,
        userAuthorizationRequired: env.chatChannel.userRoleRequired,
        provider: chatbotProvider,
      },
    });
    new ComplianceCheck(this, 'Compliance', {
      context: {
        recordsDataEventReads: env.dataEventReadWriteType === 'All',
        objectLock: env.objectLock !== undefined,
        blockDestructiveChanges: env.blockDestructiveChanges,
        logBucketName: names.logBucketName,
        accessLogBucketName: names.accessLogBucketName,
        accountId: env.accountId,
      },
      suppressions: env.suppressions,
    });

    const outputs: Record<string, string> = {
      trail_arn: this.auditTrail.trailArn,
      log_bucket_name: this.auditTrail.logBucketName,
      ...(this.auditTrail.accessLogBucketName && { access_log_bucket_name: this.auditTrail.accessLogBucketName }),
      log_group_name: this.auditTrail.logGroupName,
      alarm_topic_arn: this.auditTrail.alarmTopicArn,
      ...(this.auditTrail.pagingTopicArn && { paging_topic_arn: this.auditTrail.pagingTopicArn }),
      kms_key_arn: this.auditTrail.kmsKeyArn,
    };
    for (const [name, value] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value }).overrideLogicalId(name);
    }
  }

}

/** The AWS services the stacks (and the exported module) call, each sent to the emulator. */
export const EMULATED_SERVICES: readonly (keyof AwsProviderEndpoints)[] = ['cloudtrail', 'cloudwatch', 'cloudwatchlogs', 'events', 'iam', 'kms', 's3', 'sns', 'sts'];

/** Provider settings that send every call to a local AWS emulator. */
function emulatorSettings(endpoint: string) {
  return {
    endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, endpoint])) as AwsProviderEndpoints],
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRequestingAccountId: false,
  };
}
