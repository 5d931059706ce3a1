import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider, AwsProviderEndpoints } from '@cdktf/provider-aws/lib/provider';
import { ComplianceCheck } from '../modules/compliance/compliance-check';
import { ReplicationDestination } from '../modules/log-replication';
import { S3AuditTrail } from '../modules/s3-audit-trail';
import { chatbotApiRegion } from './alarm-routing-schema';
import { partitionOf } from './aws-regions';
import { configureBackend } from './environment-backend';
import { EnvironmentSettings } from './environment-schema';
import { logArchiveStackName, resourceNames, stackTags } from './resource-names';
import { complianceContext } from './shape-rule-context';
import { trailStackAccountId } from './trail-shape-schema';

/**
 * One environment: its AWS provider, its state backend and its S3 audit trail, in the account the
 * trail is created in (the CloudTrail delegated administrator's for an organization trail created
 * there, else `accountId`). With a log archive, the log bucket is in the LogArchiveStack instead.
 */
export class EnvironmentStack extends TerraformStack {
  public readonly auditTrail: S3AuditTrail;

  constructor(scope: Construct, env: EnvironmentSettings) {
    super(scope, env.name);
    const accountId = trailStackAccountId(env);
    if (env.logArchive && !env.logArchive.kmsKeyArn) {
      throw new Error(`environment "${env.name}": the trail stack needs logArchive.kmsKeyArn, the ${logArchiveStackName(env.name)} stack's kms_key_arn output`);
    }

    new AwsProvider(this, 'aws', {
      region: env.region,
      // A stack applied with the wrong credentials fails before it changes anything.
      allowedAccountIds: [accountId],
      defaultTags: [{ tags: stackTags(env) }],
      ...(env.endpoint && emulatorSettings(env.endpoint)),
    });
    // The Chatbot API is offered in a few regions only; its configuration may live in another
    // region than the topics it reads. The schema refuses a chat channel with an emulator endpoint.
    const chatbotProvider = env.chatChannel && new AwsProvider(this, 'chatbot', {
      alias: 'chatbot',
      region: chatbotApiRegion(env.region, env.chatChannel.apiRegion),
      allowedAccountIds: [accountId],
      defaultTags: [{ tags: stackTags(env) }],
    });
    configureBackend(this, env.name, env.backend);

    const names = resourceNames(env);
    const { enabled: unusualVolumeEnabled, ...unusualVolume } = env.unusualVolume;
    this.auditTrail = new S3AuditTrail(this, 'AuditTrail', {
      location: { partition: partitionOf(env.region), region: env.region, accountId },
      organization: env.organization && { id: env.organization.id, managementAccountId: env.accountId },
      logArchive: env.logArchive && { bucketName: names.logBucketName, kmsKeyArn: env.logArchive.kmsKeyArn as string },
      existingTrailLogGroupName: env.existingTrail?.logGroupName,
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
      // With a log archive, the archive stack holds these.
      accessLogBucketName: env.logArchive ? undefined : names.accessLogBucketName,
      objectLock: env.logArchive ? undefined : env.objectLock,
      replication: env.logArchive ? undefined : replicationDestination(env),
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
    new ComplianceCheck(this, 'Compliance', { context: complianceContext(env, 'trail', accountId), suppressions: env.suppressions });

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

/** Where the log bucket's replicas go, as the constructs take it. */
export function replicationDestination(env: EnvironmentSettings): ReplicationDestination | undefined {
  return (
    env.replication && {
      bucketArn: env.replication.destinationBucketArn,
      accountId: env.replication.destinationAccountId,
      kmsKeyArn: env.replication.destinationKmsKeyArn,
      storageClass: env.replication.storageClass,
    }
  );
}

/** The AWS services the stacks (and the exported module) call, each sent to the emulator. */
export const EMULATED_SERVICES: readonly (keyof AwsProviderEndpoints)[] = ['cloudtrail', 'cloudwatch', 'cloudwatchlogs', 'events', 'iam', 'kms', 's3', 'sns', 'sts'];

/** Provider settings that send every call to a local AWS emulator. */
export function emulatorSettings(endpoint: string) {
  return {
    endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, endpoint])) as AwsProviderEndpoints],
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRequestingAccountId: false,
  };
}
