import { CLOUDWATCH_LOGS_KMS } from '../../../../modules/aws-pages';
import { anotherRegion, Interaction } from '../interaction';
import type { ProofSubject } from '../proof-subject';

/** CloudWatch Logs uses each encrypted log group's key, for that group only. */
export function logGroupEncryption(subject: ProofSubject): Interaction[] {
  const { partition, region, accountId, dnsSuffix } = subject.location;
  return subject.instances('aws_cloudwatch_log_group').flatMap((group): Interaction[] => {
    const keyArn = group.attributes.kms_key_id as string | undefined;
    if (!keyArn) return [];
    const groupArn = group.attributes.arn as string;
    const request = (principal: string, action: string, contextGroupArn: string) => ({
      principal,
      action,
      resource: keyArn,
      resourceAccount: keyArn.split(':')[4],
      context: { 'kms:EncryptionContext:aws:logs:arn': contextGroupArn },
      resourcePolicy: subject.policyOf('key policy', keyArn),
    });
    const logs = `logs.${region}.${dnsSuffix}`;
    const elsewhere = anotherRegion(subject);
    return [
      ...['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'].map((action): Interaction => ({
        kind: 'cloudwatch-logs-uses-the-key-for-its-group',
        id: `cloudwatch-logs-uses-the-key-for-its-group:${groupArn}:${action}`,
        says: `CloudWatch Logs calls ${action} on the key for the log group ${group.attributes.name}, naming the group as encryption context`,
        expect: 'allowed',
        request: request(logs, action, groupArn),
        source: CLOUDWATCH_LOGS_KMS,
      })),
      {
        kind: 'cloudwatch-logs-uses-the-key-for-another-group',
        id: `cloudwatch-logs-uses-the-key-for-another-group:${groupArn}`,
        says: 'CloudWatch Logs uses the key for another log group of the account',
        expect: 'denied',
        request: request(logs, 'kms:GenerateDataKey', `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/lambda/another-function`),
        source: CLOUDWATCH_LOGS_KMS,
      },
      {
        kind: 'cloudwatch-logs-of-another-region-uses-the-key',
        id: `cloudwatch-logs-of-another-region-uses-the-key:${groupArn}`,
        says: `CloudWatch Logs in ${elsewhere} uses the key for a log group there`,
        expect: 'denied',
        request: request(`logs.${elsewhere}.${dnsSuffix}`, 'kms:GenerateDataKey', `arn:${partition}:logs:${elsewhere}:${accountId}:log-group:${group.attributes.name}`),
        source: CLOUDWATCH_LOGS_KMS,
      },
    ];
  });
}
