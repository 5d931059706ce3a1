import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import {
  Cloudtrail,
  CloudtrailAdvancedEventSelector,
  CloudtrailAdvancedEventSelectorFieldSelector,
} from '@cdktf/provider-aws/lib/cloudtrail';
import { s3BucketArn } from './arns';

/** CloudTrail's own vocabulary: `WriteOnly` records changes; `All` adds reads. */
export type ReadWriteType = 'All' | 'WriteOnly';

/** Which buckets' object-level (data) events the trail records. */
export type WatchedBuckets = 'all' | readonly string[];

export interface AuditTrailProps {
  readonly trailName: string;
  readonly partition: string;
  /** Bucket the trail delivers log files to. Never recorded as a data event source. */
  readonly logBucketName: string;
  readonly kmsKeyArn: string;
  /** Log group ARN without the `:*` suffix. */
  readonly logGroupArn: string;
  readonly cloudWatchLogsRoleArn: string;
  /**
   * Buckets whose object-level events are recorded: a list of bucket names, or `'all'`
   * for every bucket in the account except the trail's own log bucket.
   * @default 'all'
   */
  readonly watchedBuckets?: WatchedBuckets;
  /**
   * Object-level events to record.
   * @default 'WriteOnly' (deletions and overwrites; reads multiply the volume and cost)
   */
  readonly dataEventReadWriteType?: ReadWriteType;
  /**
   * Management (control plane) events to record.
   * @default 'All' (the unauthorized-call detections need failed reads too)
   */
  readonly managementEventReadWriteType?: ReadWriteType;
  /**
   * Key prefix for log files in the bucket.
   * @default none
   */
  readonly s3KeyPrefix?: string;
  /**
   * Record events from every region, not only the stack's.
   * @default true
   */
  readonly isMultiRegionTrail?: boolean;
  /**
   * Resources CloudTrail checks when the trail is created: the bucket policy, the key policy,
   * the delivery role's policy.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** The trail: management events plus S3 object-level events, never its own deliveries. */
export class AuditTrail extends Construct {
  public readonly trail: Cloudtrail;
  public readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.trail = new Cloudtrail(this, 'Resource', {
      name: props.trailName,
      s3BucketName: props.logBucketName,
      s3KeyPrefix: props.s3KeyPrefix,
      enableLogging: true,
      isMultiRegionTrail: props.isMultiRegionTrail ?? true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.kmsKeyArn,
      // CloudTrail wants the log group ARN with the `:*` that the provider strips off.
      cloudWatchLogsGroupArn: `${props.logGroupArn}:*`,
      cloudWatchLogsRoleArn: props.cloudWatchLogsRoleArn,
      advancedEventSelector: [
        managementEventSelector(props.managementEventReadWriteType ?? 'All'),
        s3DataEventSelector(props),
      ],
      dependsOn: props.dependsOn,
    });
    this.trailArn = this.trail.arn;
  }
}

function readOnlyFilter(readWriteType: ReadWriteType): CloudtrailAdvancedEventSelectorFieldSelector[] {
  return readWriteType === 'WriteOnly' ? [{ field: 'readOnly', equalTo: ['false'] }] : [];
}

function managementEventSelector(readWriteType: ReadWriteType): CloudtrailAdvancedEventSelector {
  return {
    name: `Management events (${readWriteType})`,
    fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }, ...readOnlyFilter(readWriteType)],
  };
}

function s3DataEventSelector(props: AuditTrailProps): CloudtrailAdvancedEventSelector {
  const watched = props.watchedBuckets ?? 'all';
  const readWriteType = props.dataEventReadWriteType ?? 'WriteOnly';
  // The trailing slash matters: without it `my-bucket` would also match `my-bucket-2`.
  const objectsOf = (bucket: string) => `${s3BucketArn(props.partition, bucket)}/`;
  const scope: CloudtrailAdvancedEventSelectorFieldSelector =
    watched === 'all'
      ? // Recording the log bucket would record every log file delivery, which is itself logged: a loop.
        { field: 'resources.ARN', notStartsWith: [objectsOf(props.logBucketName)] }
      : { field: 'resources.ARN', startsWith: watched.map(objectsOf) };
  return {
    name: watched === 'all' ? `S3 objects in all buckets but the log bucket (${readWriteType})` : `S3 objects in watched buckets (${readWriteType})`,
    fieldSelector: [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
      scope,
      ...readOnlyFilter(readWriteType),
    ],
  };
}
