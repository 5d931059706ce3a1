import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import {
  Cloudtrail,
  CloudtrailAdvancedEventSelector,
  CloudtrailAdvancedEventSelectorFieldSelector,
} from '@cdktf/provider-aws/lib/cloudtrail';
import { s3BucketArn } from './arns';
import { inExpressionString, interpolated, isPlanTime, PlanTime } from './plan-time';

/** CloudTrail's own vocabulary: `WriteOnly` records changes; `All` adds reads. */
export type ReadWriteType = 'All' | 'WriteOnly';

/** Which buckets' object-level (data) events the trail records. */
export type WatchedBuckets = 'all' | readonly string[];

/**
 * For the exported module: a list of bucket names known at plan time (empty means every bucket
 * but the log bucket), and read/write scopes known at plan time.
 */
export type PlanTimeWatchedBuckets = PlanTime;

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
  readonly watchedBuckets?: WatchedBuckets | PlanTimeWatchedBuckets;
  /**
   * Object-level events to record.
   * @default 'WriteOnly' (deletions and overwrites; reads multiply the volume and cost)
   */
  readonly dataEventReadWriteType?: ReadWriteType | PlanTime;
  /**
   * Management (control plane) events to record.
   * @default 'All' (the unauthorized-call detections need failed reads too)
   */
  readonly managementEventReadWriteType?: ReadWriteType | PlanTime;
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
   * Record every account of the organization: an organization trail, created in the management
   * account or by a CloudTrail delegated administrator. For the exported module, a plan-time
   * boolean expression.
   * @default false
   */
  readonly isOrganizationTrail?: boolean | PlanTime;
  /**
   * Record management events. False beside a trail that records them already (AWS Control Tower's):
   * this one then records S3 data events only. For the exported module, a plan-time boolean
   * expression.
   * @default true
   */
  readonly recordsManagementEvents?: boolean | PlanTime;
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
      isOrganizationTrail: isPlanTime(props.isOrganizationTrail) ? Token.asAny(interpolated(props.isOrganizationTrail)) : props.isOrganizationTrail || undefined,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.kmsKeyArn,
      // CloudTrail wants the log group ARN with the `:*` that the provider strips off.
      cloudWatchLogsGroupArn: `${props.logGroupArn}:*`,
      cloudWatchLogsRoleArn: props.cloudWatchLogsRoleArn,
      advancedEventSelector: planTimeSelectors(props)
        ? undefined
        : [
            ...(props.recordsManagementEvents === false ? [] : [managementEventSelector(concreteType(props.managementEventReadWriteType, 'All'))]),
            s3DataEventSelector(props),
          ],
      dependsOn: props.dependsOn,
    });
    // Terraform JSON's own syntax for what cdktf cannot express: a field selector that exists only
    // for WriteOnly, a dynamic block nested in a block; a selector that exists only while
    // management events are recorded, a dynamic block of its own.
    const selectors = planTimeSelectors(props);
    if (selectors) {
      const records = props.recordsManagementEvents ?? true;
      if (!isPlanTime(records)) {
        this.trail.addOverride('advanced_event_selector', records ? [selectors.management, selectors.data] : [selectors.data]);
      } else {
        // Both dynamic, in one list, so that the management selector stays first, as CloudTrail
        // returns them and as the stacks write them.
        this.trail.addOverride('dynamic.advanced_event_selector', [
          { for_each: `\${${records.planTimeExpression} ? [1] : []}`, content: selectors.management },
          { for_each: '${[1]}', content: selectors.data },
        ]);
      }
    }
    this.trailArn = this.trail.arn;
  }
}

function concreteType(value: ReadWriteType | PlanTime | undefined, fallback: ReadWriteType): ReadWriteType {
  if (isPlanTime(value)) throw new Error('a plan-time read/write type takes the plan-time selectors');
  return value ?? fallback;
}

function dataSelectorName(allBuckets: boolean, readWriteType: string): string {
  return allBuckets ? `S3 objects in all buckets but the log bucket (${readWriteType})` : `S3 objects in watched buckets (${readWriteType})`;
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
  if (isPlanTime(watched)) throw new Error('plan-time watched buckets take the plan-time selectors');
  const readWriteType = concreteType(props.dataEventReadWriteType, 'WriteOnly');
  // The trailing slash matters: without it `my-bucket` would also match `my-bucket-2`.
  const objectsOf = (bucket: string) => `${s3BucketArn(props.partition, bucket)}/`;
  const scope: CloudtrailAdvancedEventSelectorFieldSelector =
    watched === 'all'
      ? // Recording the log bucket would record every log file delivery, which is itself logged: a loop.
        { field: 'resources.ARN', notStartsWith: [objectsOf(props.logBucketName)] }
      : { field: 'resources.ARN', startsWith: watched.map(objectsOf) };
  return {
    name: dataSelectorName(watched === 'all', readWriteType),
    fieldSelector: [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
      scope,
      ...readOnlyFilter(readWriteType),
    ],
  };
}

/** Terraform JSON for one field selector. */
type FieldSelectorJson = { field: string } & Partial<Record<'equals' | 'starts_with' | 'not_starts_with', string | string[]>>;

/**
 * The same two selectors as the concrete ones, as Terraform JSON whose choices are Terraform
 * expressions over plan-time values; undefined when every value is concrete.
 */
function planTimeSelectors(props: AuditTrailProps) {
  const watched = props.watchedBuckets ?? 'all';
  const management = props.managementEventReadWriteType ?? 'All';
  const data = props.dataEventReadWriteType ?? 'WriteOnly';
  if (![watched, management, data, props.recordsManagementEvents].some(isPlanTime)) return undefined;

  const objectsOfLogBucket = `${s3BucketArn(props.partition, props.logBucketName)}/`;
  let scope: FieldSelectorJson;
  let dataName: string;
  if (isPlanTime(watched)) {
    const list = watched.planTimeExpression;
    // The trailing slash matters: without it `my-bucket` would also match `my-bucket-2`.
    const objectsOfEach = `[for bucket in ${list} : "${inExpressionString(s3BucketArn(props.partition, '${bucket}'))}/"]`;
    scope = {
      field: 'resources.ARN',
      starts_with: `\${length(${list}) > 0 ? ${objectsOfEach} : null}`,
      not_starts_with: `\${length(${list}) > 0 ? null : ["${inExpressionString(objectsOfLogBucket)}"]}`,
    };
    dataName = `\${length(${list}) > 0 ? "${dataSelectorName(false, typeName(data))}" : "${dataSelectorName(true, typeName(data))}"}`;
  } else if (watched === 'all') {
    scope = { field: 'resources.ARN', not_starts_with: [objectsOfLogBucket] };
    dataName = dataSelectorName(true, typeName(data));
  } else {
    scope = { field: 'resources.ARN', starts_with: watched.map((bucket) => `${s3BucketArn(props.partition, bucket)}/`) };
    dataName = dataSelectorName(false, typeName(data));
  }
  return {
    management: withReadOnlyFilter({ name: `Management events (${typeName(management)})`, field_selector: [{ field: 'eventCategory', equals: ['Management'] }] }, management),
    data: withReadOnlyFilter(
      {
        name: dataName,
        field_selector: [{ field: 'eventCategory', equals: ['Data'] }, { field: 'resources.type', equals: ['AWS::S3::Object'] }, scope],
      },
      data,
    ),
  };
}

function typeName(value: ReadWriteType | PlanTime): string {
  return isPlanTime(value) ? interpolated(value) : value;
}

function withReadOnlyFilter(selector: { name: string; field_selector: FieldSelectorJson[] }, readWriteType: ReadWriteType | PlanTime) {
  if (!isPlanTime(readWriteType)) {
    return readWriteType === 'WriteOnly' ? { ...selector, field_selector: [...selector.field_selector, { field: 'readOnly', equals: ['false'] }] } : selector;
  }
  return {
    ...selector,
    dynamic: {
      field_selector: {
        for_each: `\${${readWriteType.planTimeExpression} == "WriteOnly" ? ["readOnly"] : []}`,
        content: { field: 'readOnly', equals: ['false'] },
      },
    },
  };
}
