import { Testing } from 'cdktf';
import { INTENT_TEMPLATES, renderTemplate, renderText, templateLiteral } from '../../modules/bucket-intent-templates';
import { UNUSUAL_VOLUME_DEFAULTS } from '../../modules/bucket-volume-alarms';
import { BucketIntent, bucketIntentDetections, detectionTemplateOf } from '../../modules/detections/bucket-intent';
import { BUCKET_VOLUMES, bucketVolumePattern } from '../../modules/detections/bucket-volume';
import { insightsQuery } from '../../modules/detections/insights-query';
import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { ModuleStack } from '../../stacks/module-stack';
import { s3ObjectEvent } from '../fixtures/cloudtrail/records';

const ACCOUNT = '123456789012';
/** Every shape the builders treat apart: roles (issuer only), sts ARNs (principal only), users and root (both), exact and by prefix, one and several. */
const INTENTS: BucketIntent[] = [
  { name: 'acme-data', expectedWriters: [`arn:aws:iam::${ACCOUNT}:role/exporter`], immutablePrefixes: [] },
  { name: 'acme-sts', expectedWriters: [`arn:aws:sts::${ACCOUNT}:assumed-role/batch/nightly`, `arn:aws:sts::${ACCOUNT}:federated-user/partner-*`], immutablePrefixes: [] },
  {
    name: 'acme.mixed-1',
    expectedWriters: [`arn:aws:iam::${ACCOUNT}:role/a`, `arn:aws:iam::${ACCOUNT}:role/pipeline-*`, `arn:aws:iam::${ACCOUNT}:user/u+x=y,z.w@q_r-*`, `arn:aws:iam::${ACCOUNT}:root`],
    immutablePrefixes: ['ledger/2025/'],
  },
  { name: 'acme-any', expectedWriters: [`arn:aws:iam::${ACCOUNT}:*`, `arn:aws:iam::${ACCOUNT}:ro*`], immutablePrefixes: [] },
  { name: 'acme-ledger', expectedWriters: [], immutablePrefixes: ['a/', 'b.c(+)[x]{y}^$|?/', "it's/", 'sp ace/%{x}/'] },
];

describe('GIVEN the per-bucket detection templates the exported module renders', () => {
  const detections = bucketIntentDetections(INTENTS);
  const cases = detections.map((detection) => {
    const intent = INTENTS.find((i) => detection.id.endsWith(`.${i.name}`))!;
    const template = INTENT_TEMPLATES.find((t) => t.templateId === detectionTemplateOf(detection.id))!;
    if (typeof detection.filterPattern !== 'string') throw new Error(`${detection.id}: per-bucket patterns are concrete strings`);
    return [detection.id, { detection, intent, template, pattern: detection.filterPattern }] as const;
  });

  test('THEN there is one template per per-bucket detection kind, and every sample makes one', () => {
    expect(INTENT_TEMPLATES.map((t) => t.templateId).sort()).toEqual(['s3-immutable-prefix-changed', 's3-unexpected-writer']);
    expect(new Set(cases.map(([, c]) => c.template.templateId)).size).toBe(2);
  });

  test.each(cases)('WHEN %s is rendered for its intent THEN its pattern is byte for byte what the TypeScript builder writes', (_id, { intent, template, pattern }) => {
    expect(renderText(template.pattern, intent)).toBe(pattern);
  });

  test.each(cases)('WHEN %s is rendered THEN its saved query is the Insights translator\'s query of that pattern', (_id, { intent, template, pattern }) => {
    expect(renderText(template.insightsQuery, intent)).toBe(insightsQuery(pattern));
  });

  test.each(cases)('WHEN %s is rendered THEN its title, description and metric are the builder\'s, and its alarm settings', (_id, { detection, intent, template }) => {
    expect({
      title: renderText(template.title, intent),
      description: renderText(template.description, intent),
      metricName: renderText(template.metricName, intent),
      ...template.constants,
    }).toEqual({ title: detection.title, description: detection.description, metricName: detection.metricName, severity: detection.severity, namespace: detection.namespace, alarm: detection.alarm });
  });

  test('WHEN a template is written for Terraform THEN literal text is escaped for a quoted template, `${` and `%{` included, and a leftover sentinel is refused', () => {
    expect(templateLiteral('a "b" \\ ${c} %{d}\n')).toBe('a \\"b\\" \\\\ $${c} %%{d}\\n');
    expect(() => templateLiteral('\u0001')).toThrow(/sentinel/);
  });

  test('WHEN a list is written for Terraform THEN nothing is written for an empty list, and the one-item wrapping is kept apart where the translator parenthesises differently', () => {
    const prefixes = INTENT_TEMPLATES.find((t) => t.templateId === 's3-immutable-prefix-changed')!;
    const names = { bucket: 'b', lists: { expectedWriters: 'W', issuerWriters: 'I', principalWriters: 'P', immutablePrefixes: 'X' } };
    const query = renderTemplate(prefixes.insightsQuery, names);
    expect(query).toMatch(/^\$\{length\(X\) == 0 \? "" : \(length\(X\) == 1 \? "/);
    expect(query).toContain('${join("/ or requestParameters.key like /^", [for item in X : ');
    const writers = renderTemplate(INTENT_TEMPLATES.find((t) => t.templateId === 's3-unexpected-writer')!.pattern, names);
    expect(writers).toContain('${length(I) == 0 ? "" : " && (($.userIdentity.sessionContext.sessionIssuer.arn NOT EXISTS)');
    expect(writers).toContain('${length(P) == 0 ? "" : " && (($.userIdentity.arn NOT EXISTS)');
  });
});

describe('GIVEN the exported module stack', () => {
  const stack = new ModuleStack(Testing.app(), 'module');
  const json = JSON.parse(Testing.synth(stack));
  const resources = (type: string, name: RegExp) => Object.entries(json.resource[type] ?? {}).filter(([id]) => name.test(id)).map(([, r]) => r as any);

  test('THEN bucket_intents is a map of optional lists, empty by default, and unusual_volume defaults to the stacks\' UNUSUAL_VOLUME_DEFAULTS', () => {
    expect(json.variable.bucket_intents).toMatchObject({
      type: 'map(object({ expected_writers = optional(list(string), []), immutable_prefixes = optional(list(string), []) }))',
      default: {},
      nullable: false,
    });
    const { bandWidth, periodSeconds, evaluationPeriods } = UNUSUAL_VOLUME_DEFAULTS;
    expect(json.variable.unusual_volume).toMatchObject({
      type: `object({ band_width = optional(number, ${bandWidth}), period_seconds = optional(number, ${periodSeconds}), evaluation_periods = optional(number, ${evaluationPeriods}), enabled = optional(bool, true) })`,
      default: {},
    });
  });

  test('THEN the per-bucket entries join the catalog in local.detections, so the same for_each filters, alarms and saved queries serve them and var.detections tunes them', () => {
    expect(json.locals.detections).toContain('for id, detection in merge(local.detection_catalog, local.bucket_intent_detections)');
    expect(json.locals.bucket_intent_detections).toContain('insights_query_console = join("", [for c in split("", detection.insights_query) : lookup(local.console_codes, c, c)])');
  });

  test('THEN each entry is the template rendered over var.bucket_intents, made only for a bucket whose list is not empty', () => {
    const entries: string = json.locals.bucket_intent_entries;
    // The locals' names, spelled out: the test pins what the module's Terraform refers to.
    const names = {
      bucket: 'bucket',
      lists: {
        expectedWriters: 'intent.expected_writers',
        issuerWriters: 'local.bucket_intent_writers[bucket].issuer',
        principalWriters: 'local.bucket_intent_writers[bucket].principal',
        immutablePrefixes: 'intent.immutable_prefixes',
      },
    };
    for (const template of INTENT_TEMPLATES) {
      expect(entries).toContain(`{ for bucket, intent in var.bucket_intents : "${template.templateId}.\${bucket}" => { pattern = "${renderTemplate(template.pattern, names)}", insights_query = "${renderTemplate(template.insightsQuery, names)}"`);
      expect(entries).toContain(`} if length(${names.lists[template.when]}) > 0 }`);
    }
  });

  test('THEN a role is compared with the session issuer only, an sts ARN with the principal only, as the builder compares them', () => {
    expect(json.locals.bucket_intent_writers).toBe(
      '${{ for bucket, intent in var.bucket_intents : bucket => { issuer = [for writer in intent.expected_writers : writer if try(split(":", writer)[2], "") != "sts"], ' +
        'principal = [for writer in intent.expected_writers : writer if !(try(split(":", writer)[2], "") == "iam" && startswith(try(split(":", writer)[5], ""), "role/"))] } }}',
    );
  });

  test('THEN the console-link encoding covers every ASCII character consoleString encodes, the query\'s line breaks included', () => {
    expect(json.locals.console_codes).toContain('"\\n"');
    expect(json.locals.console_codes).toContain('"*0a"');
    expect(json.locals.console_codes).not.toMatch(/"[A-Za-z0-9_.-]"/);
  });

  test('THEN a per-bucket alarm links its template\'s runbook section, and its filter names the list to shorten when its pattern is too long', () => {
    const [filter] = resources('aws_cloudwatch_log_metric_filter', /Detections_MetricFilter/);
    const [alarm] = resources('aws_cloudwatch_metric_alarm', /Detections_Alarm/);
    expect(alarm.alarm_description).toContain(': "${var.runbook_base_url}#${split(".", each.key)[0]}"}');
    expect(filter.lifecycle.precondition[0].error_message).toBe(
      '${try(each.value.too_long_subject, "watched_buckets: the watched buckets")} make the filter pattern of ${each.key} ${length(each.value.pattern)} characters long; ' +
        'CloudWatch Logs accepts at most 1024. ${try(each.value.too_long_advice, "Watch fewer buckets, or all")}.',
    );
    expect(json.locals.bucket_intent_entries).toContain('too_long_subject = "bucket_intents[\\"${bucket}\\"].expected_writers: ${length(intent.expected_writers)} expected writers"');
  });

  describe('WHEN the volume alarms are read', () => {
    const filters = resources('aws_cloudwatch_log_metric_filter', /BucketVolume/);
    const alarms = resources('aws_cloudwatch_metric_alarm', /BucketVolume/);
    const queries = resources('aws_cloudwatch_query_definition', /BucketVolume/);

    test('THEN there are two filters with the Bucket dimension, none unless enabled with named buckets, scoped by the plan-time watched-bucket clause', () => {
      expect(filters.map((f) => f.name).sort()).toEqual(BUCKET_VOLUMES.map((v) => `\${var.name}-${v.templateId}`).sort());
      for (const volume of BUCKET_VOLUMES) {
        const filter = filters.find((f) => f.name.endsWith(volume.templateId));
        expect(filter.count).toBe('${var.unusual_volume.enabled && length(var.watched_buckets) > 0 ? 1 : 0}');
        expect(filter.metric_transformation.dimensions).toEqual({ Bucket: '$.requestParameters.bucketName' });
        // The clause is the catalog's: the same words for one bucket as bucketVolumePattern's.
        expect(filter.pattern).toBe(bucketVolumePattern(volume, ['x']).replace(' && (($.requestParameters.bucketName = "x")) }', '${local.watched_bucket_clause} }'));
      }
    });

    test('THEN each volume filter refuses, before apply, a pattern the watched buckets make longer than CloudWatch Logs accepts, as the stacks refuse it', () => {
      const buckets = ['acme-a', 'acme-data-bb'];
      // local.watched_bucket_clause for these buckets, as Terraform builds it (PlanTimeDetections).
      const clause = ` && (${buckets.map((bucket) => `($.requestParameters.bucketName = "${bucket}")`).join(' || ')})`;
      for (const volume of BUCKET_VOLUMES) {
        const [precondition] = filters.find((f) => f.name.endsWith(volume.templateId)).lifecycle.precondition;
        const [, fixed] = /^\$\{(\d+) \+ length\(local\.watched_bucket_clause\) <= 1024\}$/.exec(precondition.condition) ?? [];
        expect(Number(fixed) + clause.length).toBe(bucketVolumePattern(volume, buckets).length);
        expect(precondition.error_message).toBe(
          `watched_buckets: the watched buckets make the filter pattern of ${volume.templateId} \${${fixed} + length(local.watched_bucket_clause)} characters long; CloudWatch Logs accepts at most 1024. Watch fewer buckets, or all.`,
        );
      }
    });

    test('THEN each volume has an anomaly-band alarm and a saved query per watched bucket, for_each over a map of the buckets (not a list: cdktf renders its toset() wrongly)', () => {
      expect(alarms).toHaveLength(2);
      expect(queries).toHaveLength(2);
      for (const resource of [...alarms, ...queries]) {
        expect(resource.for_each).toBe('${{ for bucket in var.watched_buckets : bucket => bucket if var.unusual_volume.enabled }}');
      }
      for (const alarm of alarms) {
        expect(alarm).toMatchObject({ comparison_operator: 'GreaterThanUpperThreshold', threshold_metric_id: 'expected', evaluation_periods: '${var.unusual_volume.evaluation_periods}' });
        expect(alarm.alarm_name).toMatch(/^\$\{var\.name\}-s3-unusual-(delete|write)-volume\.\$\{each\.key\}$/);
        const [volume, expected] = alarm.metric_query;
        expect(volume.metric).toMatchObject({ dimensions: { Bucket: '${each.key}' }, period: '${var.unusual_volume.period_seconds}', stat: 'Sum' });
        expect(expected.expression).toBe('ANOMALY_DETECTION_BAND(volume, ${var.unusual_volume.band_width})');
        expect(alarm.depends_on).toHaveLength(1);
      }
    });

    test('THEN each bucket\'s saved query is the translator\'s query of the volume pattern for that bucket', () => {
      for (const volume of BUCKET_VOLUMES) {
        const query = queries.find((q) => q.name.includes(volume.templateId));
        expect(query.query_string).toBe(insightsQuery(bucketVolumePattern(volume, ['BUCKET'])).replace('"BUCKET"', '"${each.key}"'));
      }
    });
  });

  describe('WHEN the inputs are read for their checks', () => {
    const validations = (variable: string): { condition: string; error_message: string }[] => json.variable[variable].validation;
    const preconditions = (type: string, name: RegExp) => resources(type, name).flatMap((r) => r.lifecycle?.precondition ?? []);

    test('THEN bucket_intents checks each writer and prefix as bucket-intent-rules.ts does, naming the bucket, the list, the position and the value', () => {
      const messages = validations('bucket_intents').map((v) => v.error_message).join('\n');
      for (const words of [
        'has a * before its end; CloudWatch Logs filter patterns match * only as a suffix wildcard here',
        'is cut short; expected at least arn:<partition>:<iam|sts>::<account id>: before any *',
        'expected a 12-digit account id',
        'is empty; an empty prefix would make every key immutable',
        '${found.where}: ${found.value == null ? "null" : jsonencode(found.value)} ${found.problem}',
        'is not a bucket name S3 accepts',
        'neither expected_writers nor immutable_prefixes; list at least one principal ARN pattern or key prefix',
      ]) {
        expect(messages).toContain(words);
      }
      expect(validations('bucket_intents').find((v) => v.error_message.includes('expected_writers[${index}]'))!.condition).toContain('length(found.value) > 2048');
      expect(messages).toContain('bucket_intents[\\"${bucket}\\"].immutable_prefixes[${index}]');
    });

    test('THEN unusual_volume refuses what the environment schema refuses, and a window CloudWatch cannot evaluate', () => {
      expect(validations('unusual_volume').map((v) => v.error_message)).toEqual([
        'unusual_volume.band_width: ${var.unusual_volume.band_width} is not positive; expected the band width in standard deviations, e.g. 3.',
        'unusual_volume.period_seconds: ${var.unusual_volume.period_seconds} is not accepted; expected a multiple of 60 seconds.',
        'unusual_volume.evaluation_periods: ${var.unusual_volume.evaluation_periods} is not accepted; expected a whole number of evaluation periods, at least 1.',
        expect.stringContaining('CloudWatch evaluates at most 86400 s (one day) with a period under an hour, 604800 s (seven days) otherwise.'),
      ]);
    });

    test('THEN var.detections accepts the per-bucket ids, and a precondition refuses one whose bucket declares no such list', () => {
      expect(validations('detections')[0].condition).toContain('!can(regex("^(s3-unexpected-writer|s3-immutable-prefix-changed)\\\\.", id))');
      expect(preconditions('aws_sns_topic', /^AuditTrail_Alarms_[0-9A-F]+$/).map((p) => p.condition)).toEqual([
        '${length([for id in keys(var.detections) : id if !contains(keys(local.detection_catalog), id) && !contains(keys(local.bucket_intent_detections), id)]) == 0}',
      ]);
    });

    test('THEN the trail refuses an intent for a bucket it does not watch, and a writer in another partition than the provider\'s', () => {
      const trail = preconditions('aws_cloudtrail', /.*/);
      expect(trail.map((p) => p.condition)).toContain('${length([for bucket in keys(var.bucket_intents) : bucket if !contains(var.watched_buckets, bucket)]) == 0}');
      const partition = trail.find((p) => p.condition.includes('expected_writers'))!;
      expect(partition.condition).toContain('if try(split(":", writer)[1], "") != "${data.aws_partition.current.partition}"');
      expect(partition.error_message).toContain("this module's buckets are in ${data.aws_partition.current.partition}, where no such principal can write.");
    });

    test('THEN the log group refuses more metric filters than CloudWatch Logs allows on it, volume filters counted', () => {
      const [limit] = preconditions('aws_cloudwatch_log_group', /.*/);
      expect(limit.condition).toBe('${length(local.detections) + (var.unusual_volume.enabled && length(var.watched_buckets) > 0 ? 2 : 0) <= 100}');
    });
  });
});

describe('GIVEN a per-bucket pattern the templates render', () => {
  // A check that the samples above are patterns CloudWatch reads, which match what they say.
  const [unexpected] = bucketIntentDetections([INTENTS[2]]);
  const matches = (record: object) => parseFilterPattern(renderText(INTENT_TEMPLATES[0].pattern, INTENTS[2])).matches(JSON.stringify(record));

  test('WHEN an object is written by a session of a role matched by prefix THEN nothing matches; by another role THEN it does', () => {
    expect(unexpected.id).toBe('s3-unexpected-writer.acme.mixed-1');
    const session = (role: string) => ({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/run`,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/${role}` } },
    });
    expect(matches(s3ObjectEvent('PutObject', 'acme.mixed-1', 'k', { userIdentity: session('pipeline-7') }))).toBe(false);
    expect(matches(s3ObjectEvent('PutObject', 'acme.mixed-1', 'k', { userIdentity: session('intruder') }))).toBe(true);
  });
});
