import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { s3BucketNameProblem } from './aws-naming-rules';
import { show } from './show-value';
import { strictObjectError } from './unknown-fields';

/**
 * Where an environment keeps its Terraform state: on this machine, in an S3 bucket, or in
 * Terraform Cloud / HCP Terraform / Terraform Enterprise.
 */

const text = (what: string) =>
  z.string({ error: (iss) => `${show(iss.input)} is not a string; expected ${what}` }).min(1, { error: `is empty; expected ${what}` });

const localBackend = z.strictObject({
  type: z.literal('local'),
  /** State file path, relative to the stack's synthesized directory. */
  path: text('a state file path').optional(),
}, { error: strictObjectError() });

const s3Backend = z
  .strictObject({
    type: z.literal('s3'),
    bucket: text('the state bucket name').superRefine((name, ctx) => {
      const problem = s3BucketNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: `${show(name)} is not a bucket name S3 accepts: it ${problem}` });
    }),
    key: text('the state object key, e.g. "s3-audit-trail/prod.tfstate"'),
    region: z.string().refine((region) => AWS_REGIONS.includes(region), {
      error: (iss) => `${show(iss.input)} is not a known AWS region; accepted: ${AWS_REGIONS.join(', ')}`,
    }),
    /** Server-side encryption of the state object. */
    encrypt: z.boolean({ error: (iss) => `${show(iss.input)} is not accepted; expected true or false` }).default(true),
    /** S3-native lock files (`use_lockfile`, Terraform 1.10 and later). */
    useLockfile: z.boolean({ error: (iss) => `${show(iss.input)} is not accepted; expected true or false` }).optional(),
    /** DynamoDB lock table (the older locking, deprecated by Terraform 1.11). */
    dynamodbTable: text('a DynamoDB table name').optional(),
    kmsKeyId: text('a KMS key ARN').optional(),
    /** Role Terraform assumes to reach the state (`assume_role`, Terraform 1.6 and later). */
    roleArn: z
      .string()
      .regex(/^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: (iss) => `${show(iss.input)} is not an IAM role ARN` })
      .optional(),
  }, { error: strictObjectError() })
  .refine((backend) => backend.useLockfile === true || backend.dynamodbTable !== undefined, {
    path: ['useLockfile'],
    error: 'is not set and there is no dynamodbTable: two applies at once could corrupt the state. Set useLockfile: true (Terraform 1.10+) or a dynamodbTable',
  });

const cloudBackend = z
  .strictObject({
    type: z.literal('cloud'),
    /** Left out, Terraform reads TF_CLOUD_ORGANIZATION. */
    organization: text('an organization name').optional(),
    /** One workspace by name; left out with no workspaceTags, Terraform reads TF_WORKSPACE. */
    workspace: text('a workspace name').optional(),
    /** Every workspace with these tags (`cdktf deploy` then asks which, or TF_WORKSPACE picks). */
    workspaceTags: z.array(text('a workspace tag')).min(1, { error: 'is empty; expected at least one tag' }).optional(),
    /** Left out, Terraform reads TF_CLOUD_PROJECT (Terraform 1.6 and later). */
    project: text('a project name').optional(),
    /** Left out, app.terraform.io, or TF_CLOUD_HOSTNAME. */
    hostname: text('a hostname').optional(),
  }, { error: strictObjectError() })
  .refine((backend) => !(backend.workspace && backend.workspaceTags), {
    path: ['workspaceTags'],
    error: 'is given along with workspace; choose the workspace by name or by tags, not both',
  });

export const backendSchema = z.discriminatedUnion('type', [localBackend, s3Backend, cloudBackend], {
  error: (iss) => `${show(iss.input)} is not a backend; expected { "type": "local" }, { "type": "s3", ... } or { "type": "cloud", ... }`,
});

export type BackendSettings = z.output<typeof backendSchema>;
