import { parseEnvironments } from '../../stacks/load-environments';
import { definitionWarnings } from '../../stacks/definition-warnings';
import { definitionProblems, validEnvironment } from '../support/environments';
import { Plan } from '../support/synth';

type Backend = NonNullable<Parameters<typeof validEnvironment>[0]>['backend'];
const terraformBlock = (backend: Backend) => Plan.ofEnvironment(parseEnvironments([validEnvironment({ backend })])[0]).json.terraform;
const problemsOf = (backend: unknown) => definitionProblems([validEnvironment({ backend: backend as Backend })]);

describe('state backends per environment', () => {
  test('GIVEN no backend THEN state is local, outside the synth output, and Terraform 1.5 is enough', () => {
    const terraform = terraformBlock(undefined);
    expect(terraform.backend).toEqual({ local: { path: '../../../terraform.test.tfstate' } });
    expect(terraform.required_version).toBe('>= 1.5.0');
    expect(terraform.cloud).toBeUndefined();
  });

  test('GIVEN an S3 backend with S3-native lock files THEN use_lockfile is set, the state encrypted, and Terraform 1.10 required', () => {
    const terraform = terraformBlock({ type: 's3', bucket: 'acme-tfstate', key: 's3-audit-trail/test.tfstate', region: 'eu-west-1', useLockfile: true });
    expect(terraform.backend).toEqual({
      s3: { bucket: 'acme-tfstate', key: 's3-audit-trail/test.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
    expect(terraform.required_version).toBe('>= 1.10.0');
  });

  test('GIVEN an S3 backend with a DynamoDB table, a KMS key and a role THEN assume_role carries the role, and Terraform 1.6 is required', () => {
    const terraform = terraformBlock({
      type: 's3',
      bucket: 'acme-tfstate',
      key: 'test.tfstate',
      region: 'eu-west-1',
      dynamodbTable: 'tf-locks',
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
      roleArn: 'arn:aws:iam::123456789012:role/terraform-state',
    });
    expect(terraform.backend.s3).toEqual({
      bucket: 'acme-tfstate',
      key: 'test.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      dynamodb_table: 'tf-locks',
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
      assume_role: { role_arn: 'arn:aws:iam::123456789012:role/terraform-state' },
    });
    expect(terraform.required_version).toBe('>= 1.6.0');
  });

  test('GIVEN Terraform Cloud with organization and workspace THEN the cloud block names both, with no backend', () => {
    const terraform = terraformBlock({ type: 'cloud', organization: 'acme', workspace: 's3-audit-test', hostname: 'tfe.acme.example' });
    expect(terraform.cloud).toEqual({ organization: 'acme', hostname: 'tfe.acme.example', workspaces: { name: 's3-audit-test' } });
    expect(terraform.backend).toBeUndefined();
    expect(terraform.required_version).toBe('>= 1.5.0');
  });

  test('GIVEN Terraform Cloud workspaces by tags in a project THEN the tags and project are kept, and Terraform 1.6 is required', () => {
    const terraform = terraformBlock({ type: 'cloud', organization: 'acme', workspaceTags: ['s3-audit', 'test'], project: 'security' });
    expect(terraform.cloud).toEqual({ organization: 'acme', workspaces: { tags: ['s3-audit', 'test'], project: 'security' } });
    expect(terraform.required_version).toBe('>= 1.6.0');
  });

  test('GIVEN Terraform Cloud with nothing named THEN the cloud block is empty, for TF_CLOUD_ORGANIZATION and TF_WORKSPACE to fill', () => {
    expect(terraformBlock({ type: 'cloud' }).cloud).toEqual({});
  });

  test('GIVEN an S3 backend with no locking THEN it is refused, naming both ways to lock', () => {
    expect(problemsOf({ type: 's3', bucket: 'acme-tfstate', key: 'k', region: 'eu-west-1' })).toEqual([
      'environment "test", field backend.useLockfile: is not set and there is no dynamodbTable: two applies at once could corrupt the state. Set useLockfile: true (Terraform 1.10+) or a dynamodbTable',
    ]);
  });

  test('GIVEN bad S3 backend values THEN each is refused with what is accepted', () => {
    expect(problemsOf({ type: 's3', bucket: 'Bad_Bucket', key: '', region: 'mars-1', useLockfile: true, roleArn: 'terraform' })).toEqual([
      'environment "test", field backend.bucket: "Bad_Bucket" is not a bucket name S3 accepts: it has characters other than lowercase letters, digits, periods and hyphens',
      'environment "test", field backend.key: is empty; expected the state object key, e.g. "s3-audit-trail/prod.tfstate"',
      expect.stringMatching(/^environment "test", field backend.region: "mars-1" is not a known AWS region; accepted: /),
      'environment "test", field backend.roleArn: "terraform" is not an IAM role ARN',
    ]);
  });

  test('GIVEN a cloud workspace chosen both by name and by tags THEN it is refused', () => {
    expect(problemsOf({ type: 'cloud', workspace: 'a', workspaceTags: ['b'] })).toEqual([
      'environment "test", field backend.workspaceTags: is given along with workspace; choose the workspace by name or by tags, not both',
    ]);
  });

  test('GIVEN an unknown backend type THEN the three kinds are listed', () => {
    expect(problemsOf({ type: 'consul' })).toEqual([
      'environment "test", field backend.type: {"type":"consul"} is not a backend; expected { "type": "local" }, { "type": "s3", ... } or { "type": "cloud", ... }',
    ]);
  });

  test('GIVEN DynamoDB locking or an unencrypted state THEN synth warns', () => {
    const [env] = parseEnvironments([validEnvironment({ backend: { type: 's3', bucket: 'acme-tfstate', key: 'k', region: 'eu-west-1', dynamodbTable: 't', encrypt: false } })]);
    expect(definitionWarnings([env])).toEqual([
      expect.stringContaining('field backend.dynamodbTable: DynamoDB state locking is deprecated since Terraform 1.11'),
      expect.stringContaining('field backend.encrypt: false stores the state'),
    ]);
  });
});
