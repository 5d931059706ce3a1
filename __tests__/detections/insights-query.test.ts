import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { ENVIRONMENTS } from '../../stacks/environments';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { parseEnvironments } from '../../stacks/load-environments';
import { BENIGN_RECORDS, DETECTION_FIXTURES, FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail';
import { compileInsightsQuery, EVERY_BEHAVIOUR, insightsEvent, LIKELY_BEHAVIOUR } from '../support/insights-evaluator';
import { Plan } from '../support/synth';

/**
 * GIVEN every detection of every shipped environment (and of the environment the fixtures are
 * written for), its metric filter pattern and its saved Logs Insights query both as synthesized
 * WHEN both are evaluated over every CloudTrail fixture record (each detection's positives and near
 * misses, and the everyday events), the pattern by the filter-pattern evaluator and the query by the
 * Insights evaluator in __tests__/support/insights-evaluator.ts
 * THEN the query selects exactly the events the pattern counts, with Insights behaving as the
 * translation expects; and with any behaviour AWS leaves undocumented it still misses none.
 *
 * Why an evaluator rather than checks of the query text alone: the text could look right and
 * select something else (a quote, an escape, a precedence); this reads the text as Insights would.
 */

const RECORDS = [
  ...Object.entries(DETECTION_FIXTURES).flatMap(([id, fixtures]) =>
    [...fixtures.positives, ...fixtures.negatives].map((fixture) => ({ label: `${id}: ${fixture.why}`, record: fixture.record })),
  ),
  ...BENIGN_RECORDS.map((fixture) => ({ label: `benign: ${fixture.why}`, record: fixture.record })),
];

const ENVIRONMENT_INPUTS: Readonly<Record<string, EnvironmentInput>> = {
  ...Object.fromEntries(ENVIRONMENTS.map((env) => [env.name, env])),
  [`${FIXTURE_ENVIRONMENT.name} (the fixtures' environment)`]: FIXTURE_ENVIRONMENT,
};

/**
 * Each detection's pattern and saved query as the stack synthesizes them, references resolved as
 * apply would. A volume filter serves every named bucket through its `Bucket` dimension, so it
 * pairs with one saved query per bucket, which must select what the filter counts for that bucket.
 */
function synthesized(input: EnvironmentInput): { id: string; pattern: string; query: string; bucket?: string }[] {
  const [env] = parseEnvironments([input]);
  const plan = Plan.ofEnvironment(env);
  const prefix = `${env.namePrefix}-${env.name}`;
  const resolve = (text: string) =>
    text.replace(/\$\{(aws_[a-z0-9_]+)\.[^.}]+\.arn\}/g, (reference, type: string) => {
      const value = (FIXTURE_REFERENCES as Record<string, string>)[type];
      if (value === undefined) throw new Error(`no value for ${reference}`);
      return value;
    });
  const queries = new Map(Object.values(plan.resources('aws_cloudwatch_query_definition')).map((q: any) => [q.name, q.query_string as string]));
  return Object.values(plan.resources('aws_cloudwatch_log_metric_filter')).flatMap((filter: any) => {
    const id = filter.name.slice(prefix.length + 1);
    if (filter.metric_transformation.dimensions?.Bucket !== undefined) {
      const buckets = env.watchedBuckets === 'all' ? [] : env.watchedBuckets;
      return buckets.map((bucket) => {
        const query = queries.get(`${prefix}/${id}.${bucket}`);
        return { id: `${id}.${bucket}`, pattern: resolve(filter.pattern), query: query === undefined ? '' : resolve(query), bucket };
      });
    }
    const query = queries.get(`${prefix}/${id}`);
    return [{ id, pattern: resolve(filter.pattern), query: query === undefined ? '' : resolve(query) }];
  });
}

describe.each(Object.entries(ENVIRONMENT_INPUTS))('GIVEN the %s environment', (_name, input) => {
  const detections = synthesized(input);

  test('THEN every detection metric filter has its saved query, per bucket for the volume filters', () => {
    expect(detections.length).toBeGreaterThan(40);
    expect(detections.filter((d) => d.query === '').map((d) => d.id)).toEqual([]);
  });

  describe.each(detections.filter((d) => d.query !== '').map((d) => [d.id, d] as const))('detection %s', (_id, detection) => {
    const pattern = parseFilterPattern(detection.pattern);
    // A volume filter's count for one bucket is its matches whose Bucket dimension is that bucket.
    const inBucket = (record: Record<string, any>) => detection.bucket === undefined || record.requestParameters?.bucketName === detection.bucket;
    const counted = RECORDS.filter(({ record }) => pattern.matches(JSON.stringify(record)) && inBucket(record)).map(({ label }) => label);

    test('THEN, with Insights behaving as expected, the query selects exactly the fixture events the pattern counts', () => {
      const selects = compileInsightsQuery(detection.query, LIKELY_BEHAVIOUR);
      const selected = RECORDS.filter(({ record }) => selects(insightsEvent(record, LIKELY_BEHAVIOUR))).map(({ label }) => label);
      expect(selected).toEqual(counted);
    });

    test('THEN, with any undocumented Insights behaviour, the query misses none of them', () => {
      for (const behaviour of EVERY_BEHAVIOUR) {
        const selects = compileInsightsQuery(detection.query, behaviour);
        const missed = RECORDS.filter(({ label, record }) => counted.includes(label) && !selects(insightsEvent(record, behaviour))).map(({ label }) => label);
        expect({ behaviour, missed }).toEqual({ behaviour, missed: [] });
      }
    });
  });
});

test('GIVEN the fixtures WHEN the sweep runs THEN it is not vacuous: every detection of the fixture environment counts some fixture', () => {
  const detections = synthesized(FIXTURE_ENVIRONMENT);
  const idle = detections.filter((d) => !RECORDS.some(({ record }) => parseFilterPattern(d.pattern).matches(JSON.stringify(record)))).map((d) => d.id);
  expect(idle).toEqual([]);
});
