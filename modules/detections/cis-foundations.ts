import { ANY_OCCURRENCE, Detection } from './detection';

/**
 * The CIS AWS Foundations monitoring set. Pattern text is exactly as AWS Security Hub publishes it:
 * scanners compare the text, so do not reformat these strings.
 */
const NAMESPACE = 'CISBenchmark';

export const CIS_FOUNDATIONS_DETECTIONS: readonly Detection[] = [
  {
    id: 'cis-unauthorized-api-calls',
    title: 'Unauthorized API calls',
    severity: 'medium',
    group: 'cis-foundations',
    description: 'API calls refused with UnauthorizedOperation or AccessDenied.',
    runbook:
      'Repeated denials mean a misconfigured workload or someone probing permissions. Group the matching ' +
      'events by userIdentity.arn and eventName; a single principal trying many services is suspicious. ' +
      'Fix the workload\'s policy, or revoke the principal if the calls are not expected.',
    filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    metricName: 'UnauthorizedAPICalls',
    namespace: NAMESPACE,
    alarm: { ...ANY_OCCURRENCE, threshold: 5 },
    controls: ['Security Hub CloudWatch.2', 'CIS 4.1'],
  },
  {
    id: 'cis-s3-bucket-policy-changes',
    title: 'S3 bucket policy changes',
    severity: 'high',
    group: 'cis-foundations',
    description: 'Bucket policy, ACL, CORS, lifecycle or replication put or deleted on any bucket.',
    runbook:
      'A loosened bucket policy or ACL can expose data; a lifecycle or replication change can delete or copy ' +
      'it. Read requestParameters.bucketName and the new policy in the event, compare with the reviewed ' +
      'configuration, and revert with the infrastructure code that owns the bucket.',
    filterPattern:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    metricName: 'S3BucketPolicyChanges',
    namespace: NAMESPACE,
    alarm: ANY_OCCURRENCE,
    controls: ['Security Hub CloudWatch.8', 'CIS 4.8'],
  },
];
