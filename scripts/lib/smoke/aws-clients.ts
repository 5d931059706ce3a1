/** The SDK clients a smoke run uses, all in the environment's region, every call bounded. */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { quietSdkNodeVersionWarning } from '../aws-sdk-settings';

export interface SmokeClients {
  readonly sts: STSClient;
  readonly cloudTrail: CloudTrailClient;
  readonly cloudWatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
}

export function createSmokeClients(region: string): SmokeClients {
  quietSdkNodeVersionWarning();
  const common = {
    region,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  };
  return {
    sts: new STSClient(common),
    cloudTrail: new CloudTrailClient(common),
    cloudWatch: new CloudWatchClient(common),
    logs: new CloudWatchLogsClient(common),
    // A listed bucket may live in another region than the trail (the trail is multi-region).
    s3: new S3Client({ ...common, followRegionRedirects: true }),
    sns: new SNSClient(common),
  };
}

export function destroySmokeClients(clients: SmokeClients): void {
  for (const client of Object.values(clients)) client.destroy();
}
