import { OBJECT_DELETE_EVENTS, OBJECT_WRITE_EVENTS } from './bucket-intent';
import { Severity } from './detection';
import { allOf, anyEventName, fromService, inBuckets, SUCCEEDED } from './pattern-parts';

/**
 * The two volumes watched per named bucket, as data: the template id names the alarms and their
 * runbook section; the metric carries the bucket as a dimension.
 */
export interface BucketVolume {
  readonly templateId: string;
  readonly what: 'deletes' | 'writes';
  readonly severity: Severity;
  readonly metricName: string;
  readonly events: readonly string[];
  readonly runbook: string;
}

export const BUCKET_VOLUMES: readonly BucketVolume[] = [
  {
    templateId: 's3-unusual-delete-volume',
    what: 'deletes',
    severity: 'high',
    metricName: 'S3ObjectDeletesByBucket',
    events: OBJECT_DELETE_EVENTS,
    runbook:
      'A bucket is losing objects faster than its own history says it should: usually a service with a ' +
      'bug or a bad deploy (a cleanup job with the wrong prefix, a retention setting in days read as ' +
      'hours), sometimes someone destroying data. Open the query, group by userIdentity.arn: one ' +
      'principal doing it all points at its latest deploy. Stop it first (scale it to zero, or deny ' +
      's3:DeleteObject to its role), then restore from versions. A DeleteObjects call counts once however ' +
      'many keys it deletes, so a bulk deleter may show a modest count.',
  },
  {
    templateId: 's3-unusual-write-volume',
    what: 'writes',
    severity: 'medium',
    metricName: 'S3ObjectWritesByBucket',
    events: OBJECT_WRITE_EVENTS,
    runbook:
      'A bucket is receiving far more writes than usual: a retry loop, a job run twice, a backfill nobody ' +
      'announced, or objects being overwritten (ransomware re-encrypts by rewriting). Group by ' +
      'userIdentity.arn and requestParameters.key: overwrites of existing keys by one principal are the ' +
      'worrying case. Versioned buckets keep the previous data.',
  },
];

export const BUCKET_DIMENSION = 'Bucket';

/**
 * The pattern of one volume's metric filter over the named buckets (their events only), counting
 * the calls S3 carried out: refused ones change no object, and s3-access-denied-probing counts them.
 */
export function bucketVolumePattern(volume: BucketVolume, buckets: readonly string[]): string {
  return allOf(fromService('s3.amazonaws.com'), anyEventName(...volume.events), SUCCEEDED, inBuckets(buckets));
}
