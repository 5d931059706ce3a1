import { TerraformOutput, TerraformVariable } from 'cdktf';
import { consoleOrigin, consoleString, logsInsightsUrl } from '../../modules/console-urls';
import { insightsQuery } from '../../modules/detections/insights-query';
import { decodeLogsInsightsUrl } from '../support/console-url';
import { Plan } from '../support/synth';

const LOCATION = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };
const LOG_GROUP = '/aws/cloudtrail/acme-test-s3-audit';

describe('GIVEN a detection query and the trail log group', () => {
  // Every kind of character a query holds: spaces, @, commas, quotes, brackets, slashes, a newline, a pipe, backticks.
  const query = insightsQuery('{ ($.eventName = "DeleteObject" || $.eventName = "DeleteObjects") && $.x-amz.a = "S3AuditTrail/*" && $.b != "it\'s" }');

  describe('WHEN the Logs Insights link is built over a 15-minute window', () => {
    const url = logsInsightsUrl({ location: LOCATION, logGroupName: LOG_GROUP, windowSeconds: 900, encodedQuery: consoleString(query) });
    const decoded = decodeLogsInsightsUrl(url);

    test('THEN it is an absolute https URL of the CloudWatch console in the stack region', () => {
      expect(decoded.origin).toBe('https://eu-west-1.console.aws.amazon.com');
      expect(decoded.path).toBe('/cloudwatch/home');
      expect(decoded.region).toBe('eu-west-1');
    });

    test('THEN it opens the query, unchanged, on the log group, over the window relative to now', () => {
      expect(decoded.detail).toEqual({
        end: 0,
        start: -900,
        timeType: 'RELATIVE',
        unit: 'seconds',
        editorString: query,
        source: [LOG_GROUP],
      });
    });

    test('THEN it has no character an email client or chat would cut a link at', () => {
      expect(url).toMatch(/^[A-Za-z0-9:/?#=.&$~'()*_-]+$/);
    });
  });

  test('WHEN the link is built without a query THEN it opens Logs Insights on the log group with none', () => {
    const decoded = decodeLogsInsightsUrl(logsInsightsUrl({ location: LOCATION, logGroupName: LOG_GROUP, windowSeconds: 300 }));
    expect(decoded.detail).toEqual({ end: 0, start: -300, timeType: 'RELATIVE', unit: 'seconds', source: [LOG_GROUP] });
  });
});

test.each([
  ['aws', 'us-east-1', 'https://us-east-1.console.aws.amazon.com'],
  ['aws-cn', 'cn-north-1', 'https://cn-north-1.console.amazonaws.cn'],
  ['aws-us-gov', 'us-gov-west-1', 'https://console.amazonaws-us-gov.com'],
])('GIVEN partition %s, region %s WHEN the console origin is chosen THEN it is %s, with the region as a parameter', (partition, region, origin) => {
  expect(consoleOrigin({ partition, region, accountId: '123456789012' })).toBe(origin);
  const decoded = decodeLogsInsightsUrl(logsInsightsUrl({ location: { partition, region, accountId: '123456789012' }, logGroupName: LOG_GROUP, windowSeconds: 60 }));
  expect([decoded.origin, decoded.region]).toEqual([origin, region]);
});

test('GIVEN an unknown partition WHEN the console origin is chosen THEN it is refused, naming the partition and the accepted ones', () => {
  expect(() => consoleOrigin({ partition: 'aws-iso', region: 'us-iso-east-1', accountId: '123456789012' })).toThrow(
    'no console is known for partition "aws-iso"; expected aws, aws-cn or aws-us-gov',
  );
});

test('GIVEN text outside ASCII WHEN encoded for a console URL THEN it is refused rather than guessed at', () => {
  expect(() => consoleString('bucket “x”')).toThrow('only ASCII is known to round-trip');
});

describe('GIVEN values only Terraform knows (the exported module): partition, region, a name, a KMS key ARN', () => {
  const plan = Plan.ofScope((scope) => {
    const partition = new TerraformVariable(scope, 'partition', { type: 'string' }).stringValue;
    const region = new TerraformVariable(scope, 'region', { type: 'string' }).stringValue;
    const key = new TerraformVariable(scope, 'key', { type: 'string' }).stringValue;
    const name = new TerraformVariable(scope, 'name', { type: 'string' }).stringValue;
    new TerraformOutput(scope, 'url', {
      value: logsInsightsUrl({
        location: { partition, region, accountId: '123456789012' },
        logGroupName: `/aws/cloudtrail/${name}-s3-audit`,
        windowSeconds: 300,
        encodedQuery: consoleString(`filter resources.0.ARN = "${key}"`),
      }),
    });
  });
  const url: string = plan.json.output.url.value;

  test('WHEN the link is built THEN Terraform picks the console of the partition', () => {
    expect(url).toContain('${"${var.partition}" == "aws-cn" ? "https://${var.region}.console.amazonaws.cn" : ("${var.partition}" == "aws-us-gov" ? "https://console.amazonaws-us-gov.com" : "https://${var.region}.console.aws.amazon.com")}');
  });

  test('WHEN the link is built THEN Terraform encodes the ARN\'s ":" and "/" as the console expects, and the name in the log group', () => {
    expect(url).toContain('editorString~\'filter*20resources.0.ARN*20*3d*20*22${replace(replace(var.key, ":", "*3a"), "/", "*2f")}*22~');
    expect(url).toContain('source~(~\'*2faws*2fcloudtrail*2f${replace(replace(var.name, ":", "*3a"), "/", "*2f")}-s3-audit)');
  });
});
