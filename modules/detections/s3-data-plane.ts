import { ANY_OCCURRENCE, Detection } from './detection';
import { anyEventName, inWatchedBuckets } from './pattern-parts';

const NAMESPACE = 'S3AuditTrail';

export const S3_DATA_PLANE_DETECTIONS: readonly Detection[] = [
  {
    id: 's3-object-deletions',
    title: 'S3 objects deleted in a watched bucket',
    severity: 'high',
    group: 's3-data-plane',
    description: 'DeleteObject or DeleteObjects on a bucket whose object-level events the trail records.',
    runbook:
      'Someone or something deleted objects. In CloudWatch Logs Insights on the trail log group, filter ' +
      'eventName in (DeleteObject, DeleteObjects) and read userIdentity.arn, sourceIPAddress and ' +
      'requestParameters.key. A service deleting in bulk is usually a bug or a bad deploy; an unknown ' +
      'principal is an incident. Versioned buckets keep the data: restore by removing the delete markers. ' +
      'Revoke the principal\'s credentials if it is not expected.',
    filterPattern: (scope) =>
      `{ ($.eventSource = "s3.amazonaws.com") && ${anyEventName('DeleteObject', 'DeleteObjects')}${inWatchedBuckets(scope)} }`,
    metricName: 'S3ObjectDeletions',
    namespace: NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
