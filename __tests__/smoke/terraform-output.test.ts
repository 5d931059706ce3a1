/** Reading what Terraform says for the smoke run: its outputs, its progress and its outcome line. */
import { MissingOutputsError, parseStackOutputs } from '../../scripts/lib/smoke/stack-outputs';
import { progressPrinter, terraformOutcome } from '../../scripts/lib/smoke/terraform-stack';
import { OUTPUTS } from './fakes';

const outputJson = (values: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { sensitive: false, type: 'string', value }])));

describe('parseStackOutputs', () => {
  const complete = {
    trail_arn: OUTPUTS.trailArn,
    log_bucket_name: OUTPUTS.logBucketName,
    log_group_name: OUTPUTS.logGroupName,
    alarm_topic_arn: OUTPUTS.alarmTopicArn,
    kms_key_arn: OUTPUTS.kmsKeyArn,
  };

  test('GIVEN every output WHEN parsed THEN each lands in its field', () => {
    expect(parseStackOutputs(outputJson(complete))).toEqual(OUTPUTS);
  });

  test('GIVEN an empty state WHEN parsed THEN it says nothing is deployed', () => {
    expect(() => parseStackOutputs('{}')).toThrow('the state has no outputs: nothing is deployed for this environment');
  });

  test('GIVEN some outputs missing or not strings WHEN parsed THEN each is named', () => {
    const { kms_key_arn: _dropped, ...partial } = complete;
    const parse = () => parseStackOutputs(outputJson({ ...partial, alarm_topic_arn: 42 }));
    expect(parse).toThrow(MissingOutputsError);
    expect(parse).toThrow('the state lacks outputs alarm_topic_arn, kms_key_arn: was it applied from an older synth?');
  });
});

describe("Terraform's output", () => {
  test('GIVEN output split mid-line WHEN printed live THEN whole progress lines appear, reads and noise do not', () => {
    const lines: string[] = [];
    const print = progressPrinter((line) => lines.push(line));
    print('data.aws_iam_policy_document.x: Read complete after 0s\naws_kms_key.k: Creat');
    print('ion complete after 2s [id=1]\naws_s3_bucket.b: Still creating... [10s elapsed]\n');
    print('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.\n');
    expect(lines).toEqual(['    aws_kms_key.k: Creation complete after 2s [id=1]', '    Apply complete! Resources: 2 added, 0 changed, 0 destroyed.']);
  });

  test('GIVEN a run WHEN summarized THEN the completion line, else the first error with its next lines', () => {
    expect(terraformOutcome('noise\nDestroy complete! Resources: 3 destroyed.\n')).toBe('Destroy complete! Resources: 3 destroyed.');
    expect(terraformOutcome('Plan: 1 to add\n\nError: creating S3 Bucket (b): BucketAlreadyExists\n\n  with aws_s3_bucket.b,\n  on cdk.tf.json line 9\nmore')).toBe(
      'Error: creating S3 Bucket (b): BucketAlreadyExists with aws_s3_bucket.b, on cdk.tf.json line 9',
    );
  });
});
