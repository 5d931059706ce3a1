import { detectionAlarmDescription, longestThatFits, MAX_RUNBOOK_BASE_URL_LENGTH } from '../../modules/alarm-description';
import { DETECTION_CATALOG } from '../../modules/detections';
import { ENVIRONMENTS } from '../../stacks/environments';
import { parseEnvironments } from '../../stacks/load-environments';
import { resourceNames } from '../../stacks/resource-names';
import { Plan } from '../support/synth';

const TEXT = {
  severity: 'high',
  title: 'Objects deleted',
  description: 'DeleteObject on a watched bucket.',
  queryUrl: 'https://q.example/with-query',
  logGroupUrl: 'https://q.example/log-group',
  savedQueryName: 'acme-dev/objects-deleted',
  runbookUrl: 'https://docs.example/detections.md#objects-deleted',
};

describe('GIVEN the parts of a detection alarm description', () => {
  test('WHEN everything fits THEN it is what fired, the query link and the runbook', () => {
    expect(detectionAlarmDescription(TEXT)).toBe(
      '[high] Objects deleted. DeleteObject on a watched bucket. Logs Insights: https://q.example/with-query Runbook: https://docs.example/detections.md#objects-deleted',
    );
  });

  test('WHEN the explanation and the query link do not fit together THEN the query link is kept and the explanation dropped', () => {
    const queryUrl = `https://q.example/${'q'.repeat(850)}`;
    expect(detectionAlarmDescription({ ...TEXT, queryUrl, description: 'x'.repeat(100) })).toBe(
      `[high] Objects deleted. Logs Insights: ${queryUrl} Runbook: https://docs.example/detections.md#objects-deleted`,
    );
  });

  test('WHEN the query link does not fit at all THEN the log group link and the saved query name replace it', () => {
    expect(detectionAlarmDescription({ ...TEXT, queryUrl: `https://q.example/${'q'.repeat(1000)}` })).toBe(
      '[high] Objects deleted. DeleteObject on a watched bucket. Logs Insights (saved query "acme-dev/objects-deleted"): https://q.example/log-group Runbook: https://docs.example/detections.md#objects-deleted',
    );
  });

  test('WHEN even that is too long THEN the explanation goes too', () => {
    const description = 'x'.repeat(900);
    expect(detectionAlarmDescription({ ...TEXT, queryUrl: `https://q.example/${'q'.repeat(1000)}`, description })).toBe(
      '[high] Objects deleted. Logs Insights (saved query "acme-dev/objects-deleted"): https://q.example/log-group Runbook: https://docs.example/detections.md#objects-deleted',
    );
  });

  test('WHEN nothing fits THEN it fails, with the length, rather than let CloudWatch refuse the alarm', () => {
    expect(() => detectionAlarmDescription({ ...TEXT, title: 't'.repeat(1000) })).toThrow(/alarm description is \d+ characters even at its shortest; CloudWatch accepts at most 1024/);
  });
});

test('GIVEN candidates holding a Terraform value WHEN the longest that fits is chosen THEN Terraform measures them, in order, quotes escaped', () => {
  expect(longestThatFits(['say "a" ${var.x}', 'b ${var.y}', 'c'])).toBe(
    '${length("say \\"a\\" ${var.x}") <= 1024 ? "say \\"a\\" ${var.x}" : (length("b ${var.y}") <= 1024 ? "b ${var.y}" : "c")}',
  );
});

/**
 * Evaluates the Terraform conditional `longestThatFits` writes, with the trail key's ARN resolved,
 * as Terraform would at apply time: enough of HCL for that one shape.
 */
function appliedWith(description: string, keyArn: string, logGroupName: string): string {
  const resolve = (text: string) =>
    text.replace(/\$\{replace\(replace\(aws_kms_key\.[A-Za-z0-9_]+\.arn, ":", "\*3a"\), "\/", "\*2f"\)\}/g, keyArn.replace(/:/g, '*3a').replace(/\//g, '*2f'))
      .replace(/\$\{aws_kms_key\.[A-Za-z0-9_]+\.arn\}/g, keyArn)
      .replace(/\$\{aws_cloudwatch_log_group\.[A-Za-z0-9_]+\.name\}/g, logGroupName);
  if (!description.startsWith('${')) return resolve(description);
  // The references go first, so that what is left are plain strings.
  let rest = resolve(description.slice(2, -1));
  const literal = (): string => {
    const match = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
    if (!match) throw new Error(`expected a string at ${rest.slice(0, 40)}`);
    rest = rest.slice(match[0].length);
    return match[1].replace(/\\(.)/g, '$1');
  };
  for (;;) {
    if (rest.startsWith('(')) rest = rest.slice(1);
    if (!rest.startsWith('length(')) return literal();
    rest = rest.slice('length('.length);
    const measured = literal();
    rest = rest.replace(/^\) <= 1024 \? /, '');
    const chosen = literal();
    if (measured.length <= 1024) return chosen;
    rest = rest.replace(/^ : /, '');
  }
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('GIVEN the shipped %s environment', (_name, input) => {
  const [env] = parseEnvironments([input]);
  const plan = Plan.ofEnvironment(env);
  // A KMS key ARN is as long as its region and account make it: the key id is a 36-character UUID.
  const keyArn = `arn:aws:kms:${env.region}:${env.accountId}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
  const alarms = Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[];
  const applied = (description: string) => appliedWith(description, keyArn, resourceNames(env).logGroupName);

  test('WHEN its alarms are measured as applied THEN every description fits 1024 characters and holds its runbook link', () => {
    const measured = alarms.map((alarm) => ({ alarm: alarm.alarm_name, description: applied(alarm.alarm_description) }));
    expect(measured.filter((m) => m.description.length > 1024 || m.description.includes('${'))).toEqual([]);
    for (const { alarm, description } of measured.filter((m) => DETECTION_CATALOG.some((d) => m.alarm === `${env.namePrefix}-${env.name}-${d.id}`))) {
      expect({ alarm, runbook: /Runbook: https:\/\/\S+#\S+$/.test(description) }).toEqual({ alarm, runbook: true });
    }
  });

  test('WHEN its detection alarms are measured THEN most carry their query in the link, and those that do not name their saved query', () => {
    const detections = alarms.filter((alarm) => DETECTION_CATALOG.some((d) => alarm.alarm_name === `${env.namePrefix}-${env.name}-${d.id}`));
    const withQuery = detections.filter((alarm) => applied(alarm.alarm_description).includes('editorString'));
    expect(withQuery.length / detections.length).toBeGreaterThan(0.8);
    for (const alarm of detections.filter((a) => !withQuery.includes(a))) {
      expect(applied(alarm.alarm_description)).toContain(`(saved query "${env.namePrefix}-${env.name}/`);
    }
  });
});

test(`GIVEN the longest title in the catalog and a runbook base of ${MAX_RUNBOOK_BASE_URL_LENGTH} characters WHEN the shortest description is written THEN it fits`, () => {
  const title = DETECTION_CATALOG.map((d) => d.title).sort((a, b) => b.length - a.length)[0];
  const id = DETECTION_CATALOG.map((d) => d.id).sort((a, b) => b.length - a.length)[0];
  const prefix = 'a'.repeat(38);
  const logGroupUrl = `https://ap-southeast-7.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-7#logsV2:logs-insights$3FqueryDetail$3D~(end~0~start~-604800~timeType~'RELATIVE~unit~'seconds~source~(~'*2faws*2fcloudtrail*2f${prefix}-s3-audit))`;
  const base = `https://${'w'.repeat(MAX_RUNBOOK_BASE_URL_LENGTH - 8)}`;
  const description = detectionAlarmDescription({
    severity: 'critical',
    title,
    description: 'x'.repeat(2000),
    queryUrl: 'q'.repeat(2000),
    logGroupUrl,
    savedQueryName: `${prefix}/${id}`,
    runbookUrl: `${base}#${id}`,
  });
  expect(description.length).toBeLessThanOrEqual(1024);
});
