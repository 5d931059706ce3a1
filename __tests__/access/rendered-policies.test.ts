/**
 * The access proof renders policies only from what the stack itself says: every reference resolved
 * from the stack's resources, data sources and variables, and anything it cannot resolve refused
 * with its name, never guessed.
 */
import { renderedPolicies, stackScope } from '../../scripts/lib/access-proof/rendered-policies';
import { providerLocation, StackJson } from '../../scripts/lib/access-proof/stack-scope';
import { evaluateValue, ExpressionError } from '../../scripts/lib/access-proof/terraform-expression';

const AT = providerLocation('eu-west-1', '123456789012');

function stackWithBucketPolicy(statement: Record<string, unknown>, extra: Partial<StackJson> = {}): StackJson {
  return {
    data: { aws_iam_policy_document: { Doc_AAAAAAAA: { statement: [statement] } } },
    resource: {
      aws_s3_bucket: { Bucket_BBBBBBBB: { bucket: 'audit-logs' } },
      aws_s3_bucket_policy: { Policy_CCCCCCCC: { bucket: '${aws_s3_bucket.Bucket_BBBBBBBB.id}', policy: '${data.aws_iam_policy_document.Doc_AAAAAAAA.json}' } },
      ...extra.resource,
    },
    ...(extra.variable && { variable: extra.variable }),
  };
}

describe('GIVEN a synthesized stack', () => {
  test('WHEN a statement names resources by reference THEN the rendered policy carries the ARNs AWS forms, in the provider\'s partition', () => {
    const stack = stackWithBucketPolicy({ sid: 'A', effect: 'Deny', principals: [{ type: '*', identifiers: ['*'] }], actions: ['s3:*'], resources: ['${aws_s3_bucket.Bucket_BBBBBBBB.arn}/*'], condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }] });
    const [policy] = renderedPolicies(stackScope(stack, providerLocation('cn-north-1', '123456789012')));
    expect(policy.attachedTo).toEqual([{ kind: 'bucket policy', arn: 'arn:aws-cn:s3:::audit-logs', address: 'aws_s3_bucket_policy.Policy_CCCCCCCC' }]);
    expect(policy.document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'A', Effect: 'Deny', Principal: '*', Action: ['s3:*'], Resource: ['arn:aws-cn:s3:::audit-logs/*'], Condition: { Bool: { 'aws:SecureTransport': ['false'] } } }],
    });
  });

  test('WHEN a statement refers to a resource type the proof does not know how AWS names THEN rendering fails naming it', () => {
    const stack = stackWithBucketPolicy({ sid: 'A', actions: ['s3:GetObject'], resources: ['${aws_lambda_function.Fn_DDDDDDDD.arn}'] }, { resource: { aws_lambda_function: { Fn_DDDDDDDD: { function_name: 'f' } } } });
    expect(() => renderedPolicies(stackScope(stack, AT))).toThrow('no attribute arn in aws_lambda_function.Fn_DDDDDDDD');
  });

  test('WHEN a statement refers to a resource the stack does not have THEN rendering fails naming it', () => {
    const stack = stackWithBucketPolicy({ sid: 'A', actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.Missing_EEEEEEEE.arn}'] });
    expect(() => renderedPolicies(stackScope(stack, AT))).toThrow('no attribute Missing_EEEEEEEE in aws_s3_bucket');
  });

  test('WHEN a variable has neither a value nor a default THEN rendering fails naming it', () => {
    const stack = stackWithBucketPolicy({ sid: 'A', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::${var.name}/*'] }, { variable: { name: { type: 'string' } } });
    expect(() => renderedPolicies(stackScope(stack, AT))).toThrow('var.name has no value');
  });

  test('WHEN a policy attribute is not built from a policy document THEN the proof refuses it: nobody could judge it', () => {
    const stack = stackWithBucketPolicy({ sid: 'A', actions: ['s3:GetObject'], resources: ['*'] });
    (stack.resource as Record<string, Record<string, Record<string, unknown>>>).aws_sns_topic_policy = { T_FFFFFFFF: { arn: 'x', policy: '{"Statement":[]}' } };
    expect(() => renderedPolicies(stackScope(stack, AT))).toThrow('aws_sns_topic_policy.T_FFFFFFFF.policy holds a policy the access proof cannot place: it is not built from an aws_iam_policy_document');
  });

  test('WHEN a role gets a policy another way than the attachments the proof reads THEN the proof refuses it', () => {
    const stack = stackWithBucketPolicy({ sid: 'A', actions: ['s3:GetObject'], resources: ['*'] }, { resource: { aws_iam_role: { R_GGGGGGGG: { name: 'r', assume_role_policy: '${data.aws_iam_policy_document.Doc_AAAAAAAA.json}', managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } } } });
    expect(() => renderedPolicies(stackScope(stack, AT))).toThrow('aws_iam_role.R_GGGGGGGG sets managed_policy_arns');
  });

  test('WHEN a document has count 0 THEN it is not rendered; with count 1 it is, and a variable\'s optional attributes take their defaults', () => {
    const stack: StackJson = {
      variable: { replication: { type: 'object({ bucket_arn = string, storage_class = optional(string, "STANDARD") })', default: null } },
      data: { aws_iam_policy_document: { Doc_AAAAAAAA: { count: '${var.replication == null ? 0 : 1}', statement: [{ sid: 'A', actions: ['s3:ReplicateObject'], resources: ['${var.replication.bucket_arn}/*'] }] } } },
      resource: { aws_iam_role: { R_GGGGGGGG: { name: 'r', assume_role_policy: '${data.aws_iam_policy_document.Doc_AAAAAAAA[0].json}' } } },
    };
    expect(renderedPolicies(stackScope(stack, AT))).toEqual([]);
    const scope = stackScope(stack, AT, { replication: { bucket_arn: 'arn:aws:s3:::archive' } });
    expect(evaluateValue('${var.replication.storage_class}', scope.scope)).toBe('STANDARD');
    expect(renderedPolicies(scope).map((policy) => policy.document.Statement[0].Resource)).toEqual([['arn:aws:s3:::archive/*']]);
  });
});

describe('GIVEN the expression evaluator', () => {
  const scope = (name: string): unknown => {
    if (name === 'var') return { name: 'acme', buckets: ['a', 'b'], lock: null, volume: { enabled: true } };
    throw new ExpressionError(`unknown ${name}`);
  };

  test.each([
    ['arn:aws:s3:::${var.name}-logs', 'arn:aws:s3:::acme-logs'],
    ['${var.lock == null ? 0 : 1}', 0],
    ['${concat(["s3:A"], var.lock != null ? ["s3:B"] : [])}', ['s3:A']],
    ['s3.${split(":", "arn:aws:kms:us-west-2:1:key/k")[3]}.amazonaws.com', 's3.us-west-2.amazonaws.com'],
    ['${[for bucket in var.buckets : "${bucket}/"]}', ['a/', 'b/']],
    ['${length(var.buckets) > 1 && var.volume.enabled}', true],
    ['${try(var.lock.mode, "none")}', 'none'],
    ['$${not.an.interpolation}', '${not.an.interpolation}'],
  ])('WHEN it evaluates %s THEN it gives what Terraform gives', (text, expected) => {
    expect(evaluateValue(text, scope)).toEqual(expected);
  });

  test('WHEN a map for-expression is evaluated THEN its keys are known without computing its values', () => {
    const map = evaluateValue('${{ for bucket in var.buckets : bucket => replace(bucket, "/a/", "b") }}', scope) as Record<string, unknown>;
    expect(Object.keys(map)).toEqual(['a', 'b']);
    expect(() => map.a).toThrow('the function replace() is not supported');
  });

  test.each([
    ['${upper(var.name)}', 'the function upper() is not supported'],
    ['${var.name.first}', 'no attribute first in var.name'],
    ['%{ if true }x%{ endif }', 'template directives'],
    ['${var.name', 'unterminated interpolation'],
  ])('WHEN it meets %s THEN it refuses, saying what', (text, message) => {
    expect(() => evaluateValue(text, scope)).toThrow(message);
  });
});
