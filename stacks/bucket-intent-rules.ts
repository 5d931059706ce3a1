/**
 * What a `watchedBuckets` entry's expected writers and immutable prefixes must be for the filter
 * pattern built from them to mean what they say. Each function returns what is wrong, or
 * undefined; the schema adds the environment, field and value.
 */

/**
 * The principal ARN forms CloudTrail writes in `userIdentity.arn` and `sessionIssuer.arn` (IAM
 * User Guide, "IAM identifiers": ARNs; CloudTrail User Guide, "CloudTrail userIdentity element").
 */
export const PRINCIPAL_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  iam: ['role/', 'user/', 'root'],
  sts: ['assumed-role/', 'federated-user/'],
};
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];
// IAM's ARN length limit (IAM User Guide, "IAM and AWS STS quotas": role and user ARNs).
export const MAX_ARN_LENGTH = 2048;

export function expectedWriterProblem(pattern: string, partition: string): string | undefined {
  if (pattern.length > MAX_ARN_LENGTH) return `is ${pattern.length} characters long; an IAM ARN is at most ${MAX_ARN_LENGTH}`;
  if (/["\\\s]/.test(pattern)) return 'holds a quote, backslash or space, which no principal ARN does';
  // Filter patterns treat `*` as a wildcard only at the start or end of a value; anywhere else
  // it is a literal star that matches nothing, so a pattern with one would silently never match.
  if (pattern.slice(0, -1).includes('*')) {
    return 'has a * before its end; CloudWatch Logs filter patterns match * only as a suffix wildcard here, so write the fixed part and end with *';
  }
  const wildcard = pattern.endsWith('*');
  const parts = (wildcard ? pattern.slice(0, -1) : pattern).split(':');
  const [arn, arnPartition, service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (arn !== 'arn') return 'does not start with "arn:"';
  if (parts.length < 6) return 'is cut short; expected at least arn:<partition>:<iam|sts>::<account id>: before any *';
  if (!PARTITIONS.includes(arnPartition)) return `is in partition ${JSON.stringify(arnPartition)}; expected one of ${PARTITIONS.join(', ')}`;
  if (arnPartition !== partition) return `is in partition ${arnPartition}; this environment's buckets are in ${partition}, where no such principal can write`;
  if (!(service in PRINCIPAL_RESOURCES)) return `names service ${JSON.stringify(service)}; a principal ARN is an iam or sts ARN`;
  if (region !== '') return `has region ${JSON.stringify(region)}; IAM and STS principal ARNs have none (arn:${arnPartition}:${service}::<account>:...)`;
  if (!/^\d{12}$/.test(account ?? '')) return `has account ${JSON.stringify(account ?? '')}; expected a 12-digit account id`;
  const resourceTypes = PRINCIPAL_RESOURCES[service];
  const resourceMatches = wildcard
    ? resourceTypes.some((type) => type.startsWith(resource) || resource.startsWith(type))
    : resourceTypes.some((type) => (type.endsWith('/') ? resource.startsWith(type) && resource.length > type.length : resource === type));
  if (!resourceMatches) {
    return `names ${JSON.stringify(resource)}; expected one of ${resourceTypes.map((type) => (type.endsWith('/') ? `${type}<name>` : type)).join(', ')} after the account id`;
  }
  return undefined;
}

// S3 object keys are at most 1024 bytes of UTF-8 (S3 User Guide, "Naming Amazon S3 objects").
export const MAX_KEY_BYTES = 1024;

export function immutablePrefixProblem(prefix: string): string | undefined {
  if (prefix.length === 0) return 'is empty; an empty prefix would make every key immutable. Expected a key prefix such as "ledger/"';
  if (Buffer.byteLength(prefix, 'utf8') > MAX_KEY_BYTES) return `is ${Buffer.byteLength(prefix, 'utf8')} bytes; an S3 key is at most ${MAX_KEY_BYTES}`;
  if (prefix.includes('*')) return 'holds a *, which a filter pattern reads as a wildcard; a prefix already matches every key that starts with it';
  // eslint-disable-next-line no-control-regex
  if (/["\\\u0000-\u001f]/.test(prefix)) return 'holds a quote, backslash or control character, which a filter pattern value cannot hold as written';
  return undefined;
}
