import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { trailArn } from '../modules/arns';
import { ComplianceCheck } from '../modules/compliance/compliance-check';
import { addLogStorage } from '../modules/log-storage';
import { partitionOf } from './aws-regions';
import { configureBackend } from './environment-backend';
import { EnvironmentSettings } from './environment-schema';
import { emulatorSettings, replicationDestination } from './environment-stack';
import { logArchiveStackName, resourceNames, stackTags } from './resource-names';
import { complianceContext } from './shape-rule-context';

/**
 * An environment's log archive, in the log-archive account: the log bucket, its access-log bucket,
 * Object Lock and replication, and the key that encrypts the log files, admitting the environment's
 * trail (for an organization trail, every member's log files). Applied with the log-archive
 * account's credentials, before the trail's stack: its `kms_key_arn` output is the environment's
 * `logArchive.kmsKeyArn`. Everything it names is derived from the definition, so it reads no other
 * stack's state.
 */
export class LogArchiveStack extends TerraformStack {
  constructor(scope: Construct, env: EnvironmentSettings) {
    super(scope, logArchiveStackName(env.name));
    const archive = env.logArchive;
    if (!archive) throw new Error(`environment "${env.name}" has no logArchive`);
    const region = archive.region ?? env.region;
    const location = { partition: partitionOf(region), region, accountId: archive.accountId };

    new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: [archive.accountId],
      defaultTags: [{ tags: stackTags(env) }],
      ...(env.endpoint && emulatorSettings(env.endpoint)),
    });
    configureBackend(this, logArchiveStackName(env.name), archive.backend ?? { type: 'local' });

    const names = resourceNames(env);
    // The trail's own ARN: in the environment's region, owned by `accountId` (for an organization
    // trail, the management account, even when a delegated administrator creates it).
    const deliveringTrail = { trailArn: trailArn({ partition: location.partition, region: env.region, accountId: env.accountId }, names.trailName), ownerAccountId: env.accountId };
    const storage = addLogStorage(new Construct(this, 'LogArchive'), {
      location,
      trailName: names.trailName,
      logBucketName: names.logBucketName,
      accessLogBucketName: names.accessLogBucketName,
      lifecycle: env.logBucketLifecycle,
      useS3BucketKey: true,
      objectLock: env.objectLock,
      replication: replicationDestination(env),
      preventDestroy: env.blockDestructiveChanges,
      deliveringTrail,
      organizationId: env.organization?.id,
      alarmTopics: false,
    });

    new ComplianceCheck(this, 'Compliance', { context: complianceContext(env, 'log-archive', archive.accountId), suppressions: env.suppressions });

    const outputs: Record<string, string> = {
      log_bucket_name: storage.bucket.bucketName,
      ...(storage.accessLogs && { access_log_bucket_name: storage.accessLogs.bucketName }),
      // The environment's logArchive.kmsKeyArn: the trail's stack cannot derive a key's ARN.
      kms_key_arn: storage.key.keyArn,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value }).overrideLogicalId(name);
  }
}
