/**
 * Emulator tier: the fast path's EventBridge rules, exactly as a stack synthesizes them (patterns,
 * targets, input transformers), made on the moto emulator's default bus with the SDK, each with a
 * queue of the test's own as an extra target, and the alarm topic delivering to another queue.
 * GIVEN each rule WHEN its detection's positive and negative CloudTrail records are put on the bus
 * as CloudTrail-shaped events THEN exactly the positives arrive (less what the rule says it leaves
 * out), and the topic receives, for each, a message naming who, what, where, from where and when,
 * with a Logs Insights link to that very event.
 *
 * The emulator's TestEventPattern is a stub, but its bus matches patterns and applies input
 * transformers on PutEvents; it accepts the `aws.*` sources AWS keeps for its services, so the test
 * can stand in for CloudTrail. scripts/emulator/moto_server.py adds delivery to SNS topics, which
 * moto lacks. That the stack's rules apply with Terraform is proven by the shared prod apply.
 */
import { CreateEventBusCommand, EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Emulator, startEmulator } from '../../scripts/lib/emulator';
import type { FastPathRule } from '../../modules/detections/fast-path';
import { environmentFastPathRules, SynthesizedFastPathRule, synthesizedFastPath } from '../../scripts/lib/synthesized-fast-path';
import { ACCOUNT_ID, DETECTION_FIXTURES, FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES, REGION, TRAIL_KEY_ARN } from '../fixtures/cloudtrail';
import type { CloudTrailRecord, Fixture } from '../fixtures/cloudtrail';
import { decodeLogsInsightsUrl } from '../support/console-url';

const START_TIMEOUT_MS = 60_000;
const ENVIRONMENT = { ...FIXTURE_ENVIRONMENT, fastPath: true };
const RULE_PREFIX = `${FIXTURE_ENVIRONMENT.namePrefix}-${FIXTURE_ENVIRONMENT.name}-`;

/** The rules as data (for their ids, titles and what they leave out), in the order the stack makes them. */
const ruleData = (): FastPathRule[] => environmentFastPathRules(ENVIRONMENT, TRAIL_KEY_ARN);

describe('GIVEN the fast path of the fixture environment on the emulator\'s event bus', () => {
  let emulator: Emulator | undefined;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let sns: SNSClient;
  const synthesized: SynthesizedFastPathRule[] = synthesizedFastPath(ENVIRONMENT, FIXTURE_REFERENCES);
  const rules = ruleData();
  /** Each rule's own queue, and the queue the alarm topic delivers to. */
  const ruleQueues = new Map<string, string>();
  let topicQueue = '';

  const queue = async (name: string) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl as string, arn: Attributes?.QueueArn as string };
  };

  /** Everything in a queue, emptied. */
  const drain = async (url: string): Promise<string[]> => {
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (Messages.length === 0) return bodies;
      bodies.push(...Messages.map((message) => message.Body as string));
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: Messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })) }));
    }
  };

  /** A CloudTrail record as EventBridge receives it: source aws.<service>, detail type, the record as detail. */
  const putRecords = async (records: readonly CloudTrailRecord[]) => {
    for (const record of records) {
      const source = `aws.${String(record.eventSource).split('.')[0]}`;
      const { FailedEntryCount } = await events.send(
        new PutEventsCommand({ Entries: [{ Source: source, DetailType: 'AWS API Call via CloudTrail', Detail: JSON.stringify(record), Time: new Date(String(record.eventTime)) }] }),
      );
      expect(FailedEntryCount).toBe(0);
    }
  };

  beforeAll(async () => {
    emulator = await startEmulator({ accountId: ACCOUNT_ID, region: REGION, startTimeoutMs: START_TIMEOUT_MS });
    events = new EventBridgeClient(emulator.sdkConfig());
    sqs = new SQSClient(emulator.sdkConfig());
    sns = new SNSClient(emulator.sdkConfig());
    // The stack's topics, by the names in their ARNs; the alarm topic delivers raw to a queue.
    const topicArns = [...new Set(synthesized.flatMap((rule) => rule.targets.map((target) => target.topicArn)))];
    for (const arn of topicArns) await sns.send(new CreateTopicCommand({ Name: arn.split(':')[5] }));
    const topic = await queue('alarm-topic-subscriber');
    topicQueue = topic.url;
    await sns.send(new SubscribeCommand({ TopicArn: topicArns[0], Protocol: 'sqs', Endpoint: topic.arn, Attributes: { RawMessageDelivery: 'true' } }));
    for (const [index, rule] of synthesized.entries()) {
      await events.send(new PutRuleCommand({ Name: rule.name, EventPattern: rule.eventPattern }));
      const own = await queue(`rule-${index}`);
      ruleQueues.set(rule.name, own.url);
      await events.send(
        new PutTargetsCommand({
          Rule: rule.name,
          Targets: [
            ...rule.targets.map((target, i) => ({ Id: `topic-${i}`, Arn: target.topicArn, InputTransformer: { InputPathsMap: target.inputPaths, InputTemplate: target.inputTemplate } })),
            { Id: 'test-queue', Arn: own.arn },
          ],
        }),
      );
    }
  }, START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    for (const client of [events, sqs, sns]) client?.destroy();
    await emulator?.stop();
  }, 15_000);

  test('THEN the synthesized rules are the fast-path rules of the environment, one each', () => {
    expect(synthesized.map((rule) => rule.name).sort()).toEqual(rules.map((rule) => `${RULE_PREFIX}${rule.id}`).sort());
    expect(rules.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(ruleData().map((rule) => [rule.id, rule] as const))('rule %s', (id, rule) => {
    const fixtures = DETECTION_FIXTURES[id];
    const leftOut = (fixture: Fixture) => (rule.leavesOut?.eventNames ?? []).includes(String(fixture.record.eventName));
    const eventIdOf = (fixture: Fixture) => String(fixture.record.eventID);
    let arrived: string[];
    let messages: string[];

    beforeAll(async () => {
      await drain(ruleQueues.get(`${RULE_PREFIX}${id}`)!);
      await drain(topicQueue);
      await putRecords([...fixtures.positives, ...fixtures.negatives].map((fixture) => fixture.record));
      arrived = (await drain(ruleQueues.get(`${RULE_PREFIX}${id}`)!)).map((body) => String(JSON.parse(body).detail.eventID));
      // Other rules may match the same record (a log bucket's public access block is both): keep this rule's messages.
      messages = (await drain(topicQueue)).filter((message) => message.startsWith(`[${rule.severity}, fast path] ${rule.title}. `));
    }, 60_000);

    test('THEN every positive record of its detection arrives, and no negative one', () => {
      const expected = fixtures.positives.filter((fixture) => !leftOut(fixture)).map(eventIdOf);
      expect(fixtures.negatives.filter((fixture) => arrived.includes(eventIdOf(fixture))).map((fixture) => fixture.why)).toEqual([]);
      expect(fixtures.positives.filter((fixture) => !leftOut(fixture) && !arrived.includes(eventIdOf(fixture))).map((fixture) => fixture.why)).toEqual([]);
      expect(arrived.sort()).toEqual(expected.sort());
    });

    test('THEN what the rule leaves out, it says so, and only that stays away', () => {
      for (const fixture of fixtures.positives.filter(leftOut)) expect(arrived).not.toContain(eventIdOf(fixture));
      if (rule.leavesOut) expect(rule.leavesOut.why.length).toBeGreaterThan(20);
    });

    test('THEN the topic gets one message per arrival, naming who, what, the resource, from where and when, and linking that event', () => {
      expect(messages).toHaveLength(arrived.length);
      for (const fixture of fixtures.positives.filter((f) => !leftOut(f))) {
        const record = fixture.record as Record<string, any>;
        const message = messages.find((text) => text.includes(`eventID = "${record.eventID}"`) || text.includes(`eventID*20*3d*20*22${record.eventID}*22`));
        expect({ why: fixture.why, found: message !== undefined }).toEqual({ why: fixture.why, found: true });
        const text = message as string;
        if (record.userIdentity?.arn) expect(text).toContain(`Who: ${record.userIdentity.arn}. `);
        expect(text).toContain(`What: ${record.eventName} (${record.eventSource}). `);
        for (const field of rule.fields) {
          const value = field.path.replace(/^\$\.detail\./, '').split('.').reduce((node: any, key) => node?.[key], record);
          if (typeof value === 'string' && value !== '') expect(text).toContain(`${field.label.charAt(0).toUpperCase()}${field.label.slice(1)}: ${value}. `);
        }
        expect(text).toContain(`From: ${record.sourceIPAddress}. When: ${record.eventTime}, ${REGION}, account ${ACCOUNT_ID}. `);
        const link = decodeLogsInsightsUrl(/(https:\/\/\S+console\S+)/.exec(text)![1]);
        expect(link.detail).toMatchObject({ start: -86400, timeType: 'RELATIVE' });
        expect(link.detail.editorString).toContain(`| filter eventID = "${record.eventID}"`);
        // The fixture environment sets no runbookBaseUrl: the runbooks dashboard shipped into its account.
        expect(text).toMatch(new RegExp(`Runbook: https://${REGION}\\.console\\.aws\\.amazon\\.com/cloudwatch/home\\?region=${REGION}#dashboards/dashboard/acme-test-runbooks$`));
      }
    });
  });

  test('WHEN a record is put on another bus THEN no rule sees it: the rules are on the default bus', async () => {
    await events.send(new CreateEventBusCommand({ Name: 'other' }));
    const record = DETECTION_FIXTURES['trail-tampering'].positives[0].record;
    await events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'other', Source: 'aws.cloudtrail', DetailType: 'AWS API Call via CloudTrail', Detail: JSON.stringify(record) }] }));
    expect(await drain(ruleQueues.get(`${RULE_PREFIX}trail-tampering`)!)).toEqual([]);
  });
});
