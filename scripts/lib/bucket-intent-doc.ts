/**
 * The per-bucket part of docs/detections.md: the `watchedBuckets` object form, and one section per
 * per-bucket template (their alarms link to `#<template id>`), with the patterns as the fixture
 * environment synthesizes them.
 */
import { CUSTOMER_DATA_IMMUTABLE_PREFIXES, EXPORTS_EXPECTED_WRITERS, FIXTURE_ENVIRONMENT, WATCHED_BUCKETS } from '../../__tests__/fixtures/cloudtrail/environment';
import { bucketDetectionId, BUCKET_INTENT_TEMPLATES, IMMUTABLE_PREFIX_CHANGED, UNEXPECTED_WRITER } from '../../modules/detections/bucket-intent';
import { BUCKET_VOLUMES } from '../../modules/detections/bucket-volume';
import { UNUSUAL_VOLUME_DEFAULTS } from '../../modules/bucket-volume-alarms';
import { codeBlock } from './generated-doc';

export const BUCKET_INTENT_HEADING = 'Per-bucket intent and volume';

const [CUSTOMER_DATA, EXPORTS] = WATCHED_BUCKETS;

const TEMPLATE_TEXT: Record<string, { title: string; severity: string; catches: string; exampleId: string }> = {
  [UNEXPECTED_WRITER]: {
    title: 'Unexpected principal changed objects in a bucket',
    severity: 'high',
    catches:
      'An object write (PutObject, CopyObject, CompleteMultipartUpload), delete (DeleteObject, DeleteObjects) or ACL ' +
      'change (PutObjectAcl) in the bucket by a principal that matches none of its `expectedWriters`. A role pattern is ' +
      'compared with the session issuer (`userIdentity.sessionContext.sessionIssuer.arn`), so every session of an expected ' +
      'role is expected; an `sts` pattern with the session ARN (`userIdentity.arn`); a user or account pattern with both, so a ' +
      "federation token minted from an expected user's keys is expected too. A caller with neither ARN (an AWS service " +
      'acting on its own) is unexpected.',
    exampleId: bucketDetectionId(UNEXPECTED_WRITER, EXPORTS),
  },
  [IMMUTABLE_PREFIX_CHANGED]: {
    title: 'Object under an immutable prefix changed',
    severity: 'critical',
    catches:
      'A write, copy, single-object delete or ACL change of a key under one of the bucket\'s `immutablePrefixes`. CloudTrail ' +
      'records no keys for DeleteObjects, only the bucket, so every DeleteObjects in the bucket counts: it may have removed ' +
      'keys under the prefixes.',
    exampleId: bucketDetectionId(IMMUTABLE_PREFIX_CHANGED, CUSTOMER_DATA),
  },
};

function renderTemplate(id: string, runbook: string, pattern: string): string[] {
  const text = TEMPLATE_TEXT[id];
  return [
    `## ${id}`,
    '',
    `**${text.title}** (one alarm per bucket that declares it: \`<namePrefix>-<environment>-${id}.<bucket>\`)`,
    '',
    `- Severity: ${text.severity}`,
    '- Group: S3 data plane, per bucket',
    `- Override it by its per-bucket id, e.g. \`detections: { "${text.exampleId}": { "threshold": 2 } }\``,
    '',
    '### What it catches',
    '',
    text.catches,
    '',
    '### Filter pattern',
    '',
    `As synthesized for \`${text.exampleId}\` in the example environment \`${FIXTURE_ENVIRONMENT.name}\`:`,
    '',
    codeBlock(pattern),
    '',
    '### Metric and alarm',
    '',
    '- Metric: one per bucket, `<template metric>-<bucket>`, in namespace `S3AuditTrail/<namePrefix>-<environment>`',
    '- Any single matching event raises the alarm (Sum over 300 seconds, at or above 1)',
    '',
    '### Runbook',
    '',
    runbook,
  ];
}

function renderVolume(volume: (typeof BUCKET_VOLUMES)[number], pattern: string): string[] {
  return [
    `## ${volume.templateId}`,
    '',
    `**Unusual volume of object ${volume.what} in a bucket** (one alarm per named watched bucket: \`<namePrefix>-<environment>-${volume.templateId}.<bucket>\`)`,
    '',
    `- Severity: ${volume.severity}`,
    '- Group: S3 data plane, per bucket',
    '',
    '### What it catches',
    '',
    `The bucket's ${volume.what} (${volume.events.join(', ')}) summed per period rise above the band CloudWatch anomaly detection ` +
      "expects from the metric's own history, for every evaluation period. The model needs history: until it has some " +
      'the band is wide, and `npm run replay` reports these alarms as counts per period rather than firings.',
    '',
    '### Filter pattern',
    '',
    `One filter serves every named bucket, emitting \`${volume.metricName}\` with the dimension \`Bucket\` = \`$.requestParameters.bucketName\`. As synthesized for the example environment:`,
    '',
    codeBlock(pattern),
    '',
    '### Metric and alarm',
    '',
    `- Metric: \`${volume.metricName}\` (dimension \`Bucket\`) in namespace \`S3AuditTrail/<namePrefix>-<environment>\``,
    `- Alarm: \`GreaterThanUpperThreshold\` on \`ANOMALY_DETECTION_BAND(volume, bandWidth)\`; defaults: band ${UNUSUAL_VOLUME_DEFAULTS.bandWidth} standard deviations, ${UNUSUAL_VOLUME_DEFAULTS.periodSeconds}-second periods, ${UNUSUAL_VOLUME_DEFAULTS.evaluationPeriods} evaluation periods (\`unusualVolume\`)`,
    '- Treat missing data: notBreaching (no matching event is the quiet case)',
    '',
    '### Runbook',
    '',
    volume.runbook,
  ];
}

/** The overview section, then one section per template. */
/** `patterns`: what the fixture environment synthesizes, by detection id (synthesizedPatterns). */
export function renderBucketIntentSections(patterns: ReadonlyMap<string, string>): string[][] {
  const patternOf = (id: string) => {
    const pattern = patterns.get(id);
    if (pattern === undefined) throw new Error(`the fixture environment synthesizes no ${id}; the docs example needs it`);
    return pattern;
  };
  const example = JSON.stringify(
    [
      { name: CUSTOMER_DATA, immutablePrefixes: CUSTOMER_DATA_IMMUTABLE_PREFIXES },
      { name: EXPORTS, expectedWriters: EXPORTS_EXPECTED_WRITERS },
      'acme-scratch-reports',
    ],
    null,
    2,
  );
  const overview = [
    `## ${BUCKET_INTENT_HEADING}`,
    '',
    'A `watchedBuckets` entry may be an object that says what should happen to the bucket\'s objects. The plain string ' +
      'form stays; both can be mixed:',
    '',
    codeBlock(`"watchedBuckets": ${example}`, 'json'),
    '',
    `- \`expectedWriters\`: principal ARN patterns (IAM roles, users or the account root, or STS session ARNs) allowed to ` +
      `change objects. A \`*\` may end a pattern (CloudWatch Logs filter patterns match \`*\` only at the ends of a value, ` +
      `so one elsewhere is refused). It makes [${UNEXPECTED_WRITER}](#${UNEXPECTED_WRITER}) for the bucket.`,
    `- \`immutablePrefixes\`: key prefixes nothing may write to or delete under. It makes [${IMMUTABLE_PREFIX_CHANGED}](#${IMMUTABLE_PREFIX_CHANGED}) for the bucket.`,
    `- Every named bucket, object or string, also gets [${BUCKET_VOLUMES[0].templateId}](#${BUCKET_VOLUMES[0].templateId}) and ` +
      `[${BUCKET_VOLUMES[1].templateId}](#${BUCKET_VOLUMES[1].templateId}): anomaly-detection alarms on its delete and write ` +
      'volume. `unusualVolume: { bandWidth, periodSeconds, evaluationPeriods }` tunes them and `{ enabled: false }` turns them ' +
      "off. With `watchedBuckets: 'all'` there is no bucket to name, so there are none.",
    '',
    'Validation refuses what would not work on AWS: a pattern that is not a principal ARN of this partition, a `*` before ' +
      'the end, an empty list or prefix, a prefix holding `*` or a quote, an entry without a name, and a list long enough to ' +
      'push the filter pattern past the 1024 characters CloudWatch Logs accepts (roughly five to ten ARNs: end a pattern ' +
      'with `*` to cover a family of roles). Each error names the environment, the entry and the value.',
  ];
  return [
    overview,
    ...BUCKET_INTENT_TEMPLATES.map((template) => renderTemplate(template.id, template.runbook, patternOf(TEMPLATE_TEXT[template.id].exampleId))),
    ...BUCKET_VOLUMES.map((volume) => renderVolume(volume, patternOf(volume.templateId))),
  ];
}
