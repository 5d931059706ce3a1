import { ANY_OCCURRENCE, countInWindow, Detection, PROJECT_NAMESPACE } from './detection';
import { allOf, anyEventName, anyOf, fromService, inWatchedBuckets, SUCCEEDED } from './pattern-parts';

/**
 * Object-level events in the buckets the trail records data events for. They see only what the
 * trail's data event selector records: with `WriteOnly`, denied reads are not recorded.
 */
const S3 = fromService('s3.amazonaws.com');

/** The calls that write object data and may name a customer-provided key (SSE-C) in their request. */
const SSE_C_WRITE_EVENTS = ['PutObject', 'CopyObject', 'CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload'];

/**
 * A write under a customer-provided key, either way CloudTrail may show it: AWS documents
 * `additionalEventData.SSEApplied` "SSE_C" ("CloudTrail log file examples", Amazon S3 User Guide);
 * other catalogs match the request header, which real records can carry without SSEApplied. A read
 * carries the header too (GetObject of an SSE-C object needs it) and writes nothing, so both count
 * on the write calls only; naming them also lets replay rule out every other S3 record unparsed.
 */
const SSE_C_WRITE = `(${anyEventName(...SSE_C_WRITE_EVENTS)} && ${anyOf(
  '($.additionalEventData.SSEApplied = "SSE_C")',
  '($.requestParameters.x-amz-server-side-encryption-customer-algorithm = "*")',
)})`;

export const S3_DATA_PLANE_DETECTIONS: readonly Detection[] = [
  {
    id: 's3-object-deletions',
    title: 'S3 objects deleted in a watched bucket',
    severity: 'high',
    group: 's3-data-plane',
    description: 'DeleteObject or DeleteObjects that S3 carried out, on a bucket whose object-level events the trail records.',
    runbook:
      'Someone or something deleted objects. In CloudWatch Logs Insights on the trail log group, filter ' +
      'eventName in (DeleteObject, DeleteObjects) and read userIdentity.arn, sourceIPAddress and ' +
      'requestParameters.key. A service deleting in bulk is usually a bug or a bad deploy; an unknown ' +
      'principal is an incident. Versioned buckets keep the data: restore by removing the delete markers. ' +
      "Revoke the principal's credentials if the deletions are not expected.",
    filterPattern: (scope) => allOf(S3, anyEventName('DeleteObject', 'DeleteObjects'), SUCCEEDED, inWatchedBuckets(scope)),
    metricName: 'S3ObjectDeletions',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-object-acl-changes',
    title: 'S3 object ACL changed in a watched bucket',
    severity: 'high',
    group: 's3-data-plane',
    description: 'PutObjectAcl on an object in a watched bucket: the usual way one object is made public.',
    runbook:
      'An object ACL grants access outside the bucket policy, often to AllUsers. Read requestParameters.key ' +
      'and the grants in requestParameters.AccessControlPolicy. Buckets with ObjectOwnership ' +
      'BucketOwnerEnforced reject ACL changes, so a success here means ACLs are still enabled on that bucket: ' +
      'reset the ACL to private and enforce bucket owner ownership.',
    filterPattern: (scope) => allOf(S3, anyEventName('PutObjectAcl'), SUCCEEDED, inWatchedBuckets(scope)),
    metricName: 'S3ObjectAclChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-object-retention-changes',
    title: 'S3 object retention or legal hold changed in a watched bucket',
    severity: 'high',
    group: 's3-data-plane',
    description: 'PutObjectRetention or PutObjectLegalHold on an object in a watched bucket.',
    runbook:
      'Shortening retention (governance mode with bypass) or lifting a legal hold is how locked data is made ' +
      'deletable. Read requestParameters.retention or legal-hold and the caller. If it was not an approved ' +
      'records-management action, restore the hold and retention and review who holds ' +
      's3:BypassGovernanceRetention.',
    filterPattern: (scope) =>
      allOf(S3, anyEventName('PutObjectRetention', 'PutObjectLegalHold'), SUCCEEDED, inWatchedBuckets(scope)),
    metricName: 'S3ObjectRetentionChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-access-denied-probing',
    title: 'Repeated AccessDenied on S3 objects in a watched bucket',
    severity: 'medium',
    group: 's3-data-plane',
    description: 'Object-level requests to a watched bucket refused with AccessDenied, ten or more in five minutes.',
    runbook:
      'A burst of denials is someone probing for readable or writable keys, or a workload whose permissions ' +
      'broke. Group the events by userIdentity.arn, sourceIPAddress and eventName. A known workload: fix its ' +
      'policy. An unknown principal or an external IP: block it and rotate whatever credentials it used.',
    filterPattern: (scope) => allOf(S3, '($.errorCode = "AccessDenied")', inWatchedBuckets(scope)),
    metricName: 'S3AccessDenied',
    namespace: PROJECT_NAMESPACE,
    alarm: countInWindow(10),
  },
  {
    id: 's3-sse-c-writes',
    title: 'S3 object written with a customer-provided key (SSE-C) in a watched bucket',
    severity: 'critical',
    group: 's3-data-plane',
    description:
      'An object written, copied, uploaded in parts, or a multipart upload started or completed, with server-side encryption ' +
      'under a customer-provided key (SSE-C), in a watched bucket: additionalEventData.SSEApplied "SSE_C", or the ' +
      'x-amz-server-side-encryption-customer-algorithm request header on a write. S3 keeps no copy of that key.',
    runbook:
      'Overwriting objects with SSE-C is a known S3 ransomware technique: whoever holds the key is the only ' +
      'one who can read the data again. Read requestParameters.key and the caller (userIdentity.arn, ' +
      'sourceIPAddress). Unless a workload is known to use SSE-C here, treat it as an incident: revoke the ' +
      "principal's credentials, restore the previous versions (versioned buckets keep them), and refuse SSE-C " +
      'in the bucket policy: deny s3:PutObject when s3:x-amz-server-side-encryption-customer-algorithm is present.',
    filterPattern: (scope) => allOf(S3, SSE_C_WRITE, SUCCEEDED, inWatchedBuckets(scope)),
    metricName: 'S3SseCWrites',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-archived-objects-restored',
    title: 'Archived S3 objects restored in a watched bucket',
    severity: 'medium',
    group: 's3-data-plane',
    description:
      'RestoreObject that S3 accepted, in a watched bucket: a temporary readable copy of an object archived in ' +
      'S3 Glacier Flexible Retrieval or Deep Archive (or an Intelligent-Tiering archive tier).',
    runbook:
      'Archives are the data nobody reads; restoring them is how a thief makes cold data readable before copying ' +
      'it out, and it costs retrieval fees. Read requestParameters.key, the restore tier and days ' +
      '(requestParameters.RestoreRequest) and the caller. An unknown principal: revoke it and watch GetObject on ' +
      'the restored keys; a known job: note the change ticket.',
    filterPattern: (scope) => allOf(S3, anyEventName('RestoreObject'), SUCCEEDED, inWatchedBuckets(scope)),
    metricName: 'S3ArchivedObjectsRestored',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
