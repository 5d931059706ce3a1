import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { trailLogGroupName } from './trail-log-group-name';

export interface TrailLogGroupProps {
  /** Name of the trail that delivers here; the group is `/aws/cloudtrail/<trailName>`. */
  readonly trailName: string;
  /** Days CloudWatch Logs keeps events; one of the values CloudWatch Logs accepts. */
  readonly retentionInDays: number;
  /** ARN of the KMS key that encrypts the group. */
  readonly kmsKeyArn: string;
  /**
   * Refuse any plan that would destroy the group.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

export { trailLogGroupName };

/** The CloudWatch Logs group the trail streams to, and the metric filters read. */
export class TrailLogGroup extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly logGroupName: string;
  /** ARN without the `:*` suffix. */
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: TrailLogGroupProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'Resource', {
      name: trailLogGroupName(props.trailName),
      retentionInDays: props.retentionInDays,
      kmsKeyId: props.kmsKeyArn,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
  }
}
