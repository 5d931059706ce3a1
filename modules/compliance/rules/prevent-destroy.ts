import { ComplianceRule } from '../rule';
import { preventsDestroy } from '../rule-helpers';

const PROTECTED_TYPES = ['aws_s3_bucket', 'aws_kms_key', 'aws_cloudwatch_log_group'] as const;

export const preventDestroy: ComplianceRule = {
  id: 'prevent-destroy',
  level: 'error',
  description: 'Where the environment blocks destructive changes, every bucket, key and log group carries prevent_destroy.',
  scannerIds: [],
  fix: 'set lifecycle.prevent_destroy = true on the resource (S3AuditTrail preventDestroy)',
  check(stack, context) {
    if (!context.blockDestructiveChanges) return [];
    return PROTECTED_TYPES.flatMap((type) => stack.resources(type))
      .filter((resource) => !preventsDestroy(resource))
      .map((resource) => ({ resource: resource.address, message: 'the environment blocks destructive changes, and a plan could destroy this' }));
  },
};
