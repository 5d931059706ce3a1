import { ANY_OCCURRENCE, Detection, PROJECT_NAMESPACE } from './detection';
import { allOf, anyEventName, anyOf, bucketNameIs, fromService, SUCCEEDED } from './pattern-parts';

/**
 * What a team declares about one watched bucket: who may change its objects, and which key
 * prefixes nothing may change at all. Each declaration becomes a detection of its own, one alarm
 * per bucket, built from the templates below.
 */
export interface BucketIntent {
  readonly name: string;
  /**
   * Principal ARN patterns allowed to write, copy, delete or change the ACL of objects. A role's
   * ARN (`arn:aws:iam::111111111111:role/exporter`) expects every session of that role; a `*` at
   * the end matches any suffix. Empty: no unexpected-writer detection for this bucket.
   */
  readonly expectedWriters: readonly string[];
  /** Key prefixes under which any write or delete is an alarm. Empty: no such detection. */
  readonly immutablePrefixes: readonly string[];
}

/** The per-bucket detection templates, by the id their docs section and runbook anchor use. */
export const UNEXPECTED_WRITER = 's3-unexpected-writer';
export const IMMUTABLE_PREFIX_CHANGED = 's3-immutable-prefix-changed';

const S3 = fromService('s3.amazonaws.com');

/** Calls that put or replace object data, or remove it. A multipart upload writes at its completion. */
export const OBJECT_WRITE_EVENTS = ['PutObject', 'CopyObject', 'CompleteMultipartUpload'] as const;
export const OBJECT_DELETE_EVENTS = ['DeleteObject', 'DeleteObjects'] as const;
/** Every call an unexpected writer is caught by: writes, copies, deletes and ACL changes. */
const OBJECT_CHANGE_EVENTS = [...OBJECT_WRITE_EVENTS, ...OBJECT_DELETE_EVENTS, 'PutObjectAcl'];
/** The calls whose CloudTrail record names the one key they change. */
const SINGLE_KEY_CHANGE_EVENTS = [...OBJECT_WRITE_EVENTS, 'DeleteObject', 'PutObjectAcl'];

const ISSUER_ARN = '$.userIdentity.sessionContext.sessionIssuer.arn';
const PRINCIPAL_ARN = '$.userIdentity.arn';

/**
 * True when `selector` is absent or matches none of `patterns`. A comparison on an absent field
 * is false, `!=` included (see valueTest in filter-pattern.ts), so absence is tested on its own.
 */
export function matchesNoneOf(selector: string, patterns: readonly string[]): string | undefined {
  if (patterns.length === 0) return undefined;
  const differs = patterns.map((pattern) => `(${selector} != "${pattern}")`);
  return anyOf(`(${selector} NOT EXISTS)`, `(${differs.join(' && ')})`);
}

/**
 * A role ARN can only be a session issuer (its sessions' own ARNs are `sts` assumed-role ARNs),
 * an `sts` ARN only a principal ARN; anything else may be either. Comparing each pattern only
 * where it can match keeps the pattern within CloudWatch's 1024 characters for more writers.
 */
export function comparedAs(pattern: string): { issuer: boolean; principal: boolean } {
  const [, , service, , , resource = ''] = pattern.split(':');
  if (service === 'iam' && resource.startsWith('role/')) return { issuer: true, principal: false };
  if (service === 'sts') return { issuer: false, principal: true };
  return { issuer: true, principal: true };
}

/**
 * A principal is expected when its session issuer (the role behind an assumed-role session, the
 * user behind a federation token) or its own ARN matches a pattern: the issuer ARN is the same for
 * every session of a role, the session ARN is not. A caller with neither (an AWS service acting
 * on its own) is unexpected.
 */
export function unexpectedWriterPattern(bucket: string, expectedWriters: readonly string[]): string {
  return allOf(
    S3,
    anyEventName(...OBJECT_CHANGE_EVENTS),
    SUCCEEDED,
    bucketNameIs(bucket),
    matchesNoneOf(ISSUER_ARN, expectedWriters.filter((pattern) => comparedAs(pattern).issuer)),
    matchesNoneOf(PRINCIPAL_ARN, expectedWriters.filter((pattern) => comparedAs(pattern).principal)),
  );
}

/**
 * DeleteObjects records no keys in CloudTrail, only the bucket, so any multi-object delete in a
 * bucket with immutable prefixes counts: it may have removed keys under them.
 */
export function immutablePrefixPattern(bucket: string, prefixes: readonly string[]): string {
  const underAPrefix = anyOf(...prefixes.map((prefix) => `($.requestParameters.key = "${prefix}*")`));
  return allOf(
    S3,
    SUCCEEDED,
    bucketNameIs(bucket),
    anyOf(`(${anyEventName(...SINGLE_KEY_CHANGE_EVENTS)} && ${underAPrefix})`, '($.eventName = "DeleteObjects")'),
  );
}

/** The per-bucket detection id, `<template id>.<bucket>`: template ids hold no dot, so the first one splits them. */
export function bucketDetectionId(template: string, bucket: string): string {
  return `${template}.${bucket}`;
}

/** The template id of a per-bucket detection id, or the id itself for a catalog detection. */
export function detectionTemplateOf(id: string): string {
  const dot = id.indexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
}

/** The detections one environment's bucket intents ask for, in the order the buckets are listed. */
export function bucketIntentDetections(intents: readonly BucketIntent[]): Detection[] {
  return intents.flatMap((intent) => {
    const detections: Detection[] = [];
    if (intent.expectedWriters.length > 0) {
      detections.push({
        id: bucketDetectionId(UNEXPECTED_WRITER, intent.name),
        title: `Unexpected principal changed objects in ${intent.name}`,
        severity: 'high',
        group: 's3-data-plane',
        description:
          `An object write, copy, delete or ACL change in ${intent.name} by a principal that matches none of ` +
          `its ${intent.expectedWriters.length} expected writers.`,
        runbook: UNEXPECTED_WRITER_RUNBOOK,
        filterPattern: unexpectedWriterPattern(intent.name, intent.expectedWriters),
        // One metric per bucket: a shared one would let any bucket's events raise every bucket's alarm.
        metricName: `S3UnexpectedWriter-${intent.name}`,
        namespace: PROJECT_NAMESPACE,
        alarm: ANY_OCCURRENCE,
      });
    }
    if (intent.immutablePrefixes.length > 0) {
      detections.push({
        id: bucketDetectionId(IMMUTABLE_PREFIX_CHANGED, intent.name),
        title: `Object under an immutable prefix changed in ${intent.name}`,
        severity: 'critical',
        group: 's3-data-plane',
        description:
          `A write, copy, delete or ACL change under ${intent.immutablePrefixes.map((prefix) => `"${prefix}"`).join(', ')} ` +
          `in ${intent.name}, or a multi-object delete there (CloudTrail records no keys for DeleteObjects).`,
        runbook: IMMUTABLE_PREFIX_RUNBOOK,
        filterPattern: immutablePrefixPattern(intent.name, intent.immutablePrefixes),
        metricName: `S3ImmutablePrefixChanged-${intent.name}`,
        namespace: PROJECT_NAMESPACE,
        alarm: ANY_OCCURRENCE,
      });
    }
    return detections;
  });
}

const UNEXPECTED_WRITER_RUNBOOK =
  'Something other than the services that own this bucket changed its objects: how suspect files appear ' +
  'and how data is modified when it should not be. Read userIdentity.arn, ' +
  'userIdentity.sessionContext.sessionIssuer.arn, sourceIPAddress and requestParameters.key. A new ' +
  'deployment of a known service under a new role: add the role to expectedWriters. A person, a ' +
  'principal from another account or an unknown role: treat it as an incident, revoke its credentials, ' +
  'and restore the changed objects from their previous versions.';

const IMMUTABLE_PREFIX_RUNBOOK =
  'Data declared immutable was written over or removed. Read requestParameters.key and the caller. For ' +
  'DeleteObjects the record holds no keys: list the bucket versions under the prefix (delete markers ' +
  'show what went), or read the bucket server access logs. Restore previous versions, and consider S3 ' +
  'Object Lock on the prefix, which makes the promise enforced rather than watched.';

/** The template texts, for the docs: one section per template, not per bucket. */
export const BUCKET_INTENT_TEMPLATES = [
  { id: UNEXPECTED_WRITER, runbook: UNEXPECTED_WRITER_RUNBOOK },
  { id: IMMUTABLE_PREFIX_CHANGED, runbook: IMMUTABLE_PREFIX_RUNBOOK },
] as const;
