/**
 * The naming rules AWS enforces at create time and that neither `terraform validate` nor the local
 * emulator checks. Each function returns why a name is refused, or undefined when AWS accepts it.
 * Written by hand: no maintained library carries these rules, and the AWS SDK validates none of them.
 */

const IP_ADDRESS_FORMAT = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * CloudTrail User Guide, "CloudTrail trail naming requirements"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html).
 * The reason reads after "it", e.g. `it has adjacent "--"`.
 */
export function cloudTrailNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 128) return `is ${name.length} characters long (3 to 128 accepted)`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return 'has characters other than ASCII letters, digits, periods, underscores and hyphens';
  if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name)) return 'does not start and end with a letter or digit';
  const adjacent = /[._-]{2}/.exec(name);
  if (adjacent) return `has adjacent "${adjacent[0]}" (no two periods, underscores or hyphens may touch)`;
  if (IP_ADDRESS_FORMAT.test(name)) return 'is formatted as an IP address';
  return undefined;
}

/** Prefixes S3 reserves (S3 User Guide, "General purpose bucket naming rules"). */
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;

/**
 * Suffixes S3 reserves for other kinds of bucket-like names: access point aliases (`-s3alias`),
 * Object Lambda access point aliases (`--ol-s3`), Multi-Region Access Points (`.mrap`), directory
 * buckets (`--x-s3`, which an `AWS::S3::Object` data event selector would not record anyway) and
 * S3 Tables buckets (`--table-s3`).
 */
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

/**
 * S3 User Guide, "General purpose bucket naming rules"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 * The reason reads after "it".
 */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long (3 to 63 accepted)`;
  if (!/^[a-z0-9.-]+$/.test(name)) return 'has characters other than lowercase letters, digits, periods and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'does not start and end with a lowercase letter or digit';
  if (name.includes('..')) return 'has two adjacent periods';
  if (IP_ADDRESS_FORMAT.test(name)) return 'is formatted as an IP address';
  const prefix = RESERVED_BUCKET_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix) return `starts with "${prefix}", a prefix S3 reserves`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix) return `ends with "${suffix}", a suffix S3 reserves${suffix === '--x-s3' ? ' for directory buckets' : ''}`;
  return undefined;
}
