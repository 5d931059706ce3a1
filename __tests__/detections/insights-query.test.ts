import { LogEvent, parseFilterPattern } from '../../modules/detections/filter-pattern';
import { ENVIRONMENTS } from '../../stacks/environments';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { parseEnvironments } from '../../stacks/load-environments';
import { BENIGN_RECORDS, DETECTION_FIXTURES, FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail';
import { compileInsightsQuery, EVERY_BEHAVIOUR, InsightsBehaviour, InsightsEvent, insightsEvent, LIKELY_BEHAVIOUR } from '../support/insights-evaluator';
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

// Every detection is evaluated over the same records: each is parsed once for the patterns, and
// flattened once per Insights behaviour for the queries, not once per detection.
const LOG_EVENTS = RECORDS.map(({ record }) => new LogEvent(JSON.stringify(record)));
const insightsEvents = new Map<InsightsBehaviour, readonly InsightsEvent[]>();
function insightsEventsAs(behaviour: InsightsBehaviour): readonly InsightsEvent[] {
  let events = insightsEvents.get(behaviour);
  if (!events) {
    events = RECORDS.map(({ record }) => insightsEvent(record, behaviour));
    insightsEvents.set(behaviour, events);
  }
  return events;
}

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
  // The fixtures' environment is swept and then checked for idle detections: one synth serves both.
  let detections = synthesizedByInput.get(input);
  if (!detections) {
    detections = synthesize(input);
    synthesizedByInput.set(input, detections);
  }
  return detections;
}
const synthesizedByInput = new Map<EnvironmentInput, { id: string; pattern: string; query: string; bucket?: string }[]>();

function synthesize(input: EnvironmentInput): { id: string; pattern: string; query: string; bucket?: string }[] {
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
    const counted = RECORDS.filter(({ record }, i) => pattern.matchesEvent(LOG_EVENTS[i]) && inBucket(record)).map(({ label }) => label);

    test('THEN, with Insights behaving as expected, the query selects exactly the fixture events the pattern counts', () => {
      const selects = compileInsightsQuery(detection.query, LIKELY_BEHAVIOUR);
      const events = insightsEventsAs(LIKELY_BEHAVIOUR);
      const selected = RECORDS.filter((_, i) => selects(events[i])).map(({ label }) => label);
      expect(selected).toEqual(counted);
    });

    test('THEN, with any undocumented Insights behaviour, the query misses none of them', () => {
      for (const behaviour of EVERY_BEHAVIOUR) {
        const selects = compileInsightsQuery(detection.query, behaviour);
        const events = insightsEventsAs(behaviour);
        const missed = RECORDS.filter(({ label }, i) => counted.includes(label) && !selects(events[i])).map(({ label }) => label);
        expect({ behaviour, missed }).toEqual({ behaviour, missed: [] });
      }
    });
  });
});

test('GIVEN the fixtures WHEN the sweep runs THEN it is not vacuous: every detection of the fixture environment counts some fixture', () => {
  const detections = synthesized(FIXTURE_ENVIRONMENT);
  const idle = detections.filter((d) => !LOG_EVENTS.some((event) => parseFilterPattern(d.pattern).matchesEvent(event))).map((d) => d.id);
  expect(idle).toEqual([]);
});
