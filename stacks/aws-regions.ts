/**
 * Regions by partition, as the AWS SDK's partitions table lists them (aws, aws-cn, aws-us-gov).
 * Kept by hand: the SDK ships the table only inside an internal module that is not part of its API.
 * Add a region here when AWS opens one.
 */
export const REGIONS_BY_PARTITION = {
  aws: [
    'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
    'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
    'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1',
    'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
    'il-central-1', 'me-central-1', 'me-south-1', 'me-west-1', 'mx-central-1', 'sa-east-1', 'sa-west-1',
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
} as const;

export type Partition = keyof typeof REGIONS_BY_PARTITION;

export const AWS_REGIONS: readonly string[] = Object.values(REGIONS_BY_PARTITION).flat();

export function partitionOf(region: string): Partition {
  const entry = Object.entries(REGIONS_BY_PARTITION).find(([, regions]) =>
    (regions as readonly string[]).includes(region),
  );
  if (!entry) throw new Error(`Unknown AWS region "${region}"`);
  return entry[0] as Partition;
}
