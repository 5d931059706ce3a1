import { S3_ACCESS_LOG_KEY_FORMAT, S3_ACCESS_LOGGING, S3_TLS_ONLY } from '../../../../modules/aws-pages';
import { ANOTHER_ACCOUNT, Interaction, OVER_PLAIN_HTTP, SAMPLE_TIME } from '../interaction';
import type { ProofSubject } from '../proof-subject';
import type { SimulationRequest } from '../simulator';

const LOGGING = 'logging.s3.amazonaws.com';

/**
 * S3 server access logging delivers each source bucket's logs into its target bucket, and only
 * for that source; nobody reads the access logs anonymously or writes them over plain HTTP.
 */
export function serverAccessLogging(proof: ProofSubject): Interaction[] {
  return proof.allStacks().flatMap((subject) => accessLoggingOf(subject, proof));
}

function accessLoggingOf(subject: ProofSubject, proof: ProofSubject): Interaction[] {
  const account = subject.accountId;
  return subject.instances('aws_s3_bucket_logging').flatMap((logging): Interaction[] => {
    const sourceArn = subject.bucketArn(logging.attributes.bucket as string);
    const targetArn = subject.bucketArn(logging.attributes.target_bucket as string);
    const logObject = `${targetArn}/${(logging.attributes.target_prefix as string | undefined) ?? ''}${SAMPLE_TIME.dashed}-3E9C5A4B7D1F2E60`;
    const deliver = (context: Record<string, string>): SimulationRequest => ({
      principal: LOGGING,
      action: 's3:PutObject',
      resource: logObject,
      resourceAccount: account,
      context,
      resourcePolicy: proof.policyOf('bucket policy', targetArn),
    });
    const ownDelivery = { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account };
    return [
      {
        kind: 'access-logging-delivers-for-its-source-bucket',
        id: `access-logging-delivers-for-its-source-bucket:${sourceArn}`,
        says: `S3 server access logging delivers the access log of ${logging.attributes.bucket} into ${logging.attributes.target_bucket}`,
        expect: 'allowed',
        request: deliver(ownDelivery),
        source: S3_ACCESS_LOGGING,
        alsoFrom: [S3_ACCESS_LOG_KEY_FORMAT],
      },
      {
        kind: 'access-logging-delivers-for-another-bucket',
        id: `access-logging-delivers-for-another-bucket:${targetArn}`,
        says: `S3 server access logging delivers another bucket's access log into ${logging.attributes.target_bucket}`,
        expect: 'denied',
        request: deliver({ 'aws:SourceArn': subject.bucketArn('someone-elses-bucket'), 'aws:SourceAccount': ANOTHER_ACCOUNT }),
        source: S3_ACCESS_LOGGING,
      },
      {
        kind: 'access-logging-delivers-for-another-bucket-of-the-account',
        id: `access-logging-delivers-for-another-bucket-of-the-account:${targetArn}`,
        says: `S3 server access logging delivers the access log of another bucket of this account into ${logging.attributes.target_bucket}`,
        expect: 'denied',
        request: deliver({ 'aws:SourceArn': subject.bucketArn('another-bucket-of-the-account'), 'aws:SourceAccount': account }),
        source: S3_ACCESS_LOGGING,
      },
      {
        kind: 'access-logging-delivers-over-plain-http',
        id: `access-logging-delivers-over-plain-http:${targetArn}`,
        says: 'An access log delivery without TLS',
        expect: 'refused by a deny',
        request: deliver({ ...ownDelivery, ...OVER_PLAIN_HTTP }),
        source: S3_TLS_ONLY,
      },
    ];
  });
}
