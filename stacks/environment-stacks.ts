import type { Construct } from 'constructs';
import type { TerraformStack } from 'cdktf';
import { EnvironmentSettings } from './environment-schema';
import { EnvironmentStack } from './environment-stack';
import { LogArchiveStack } from './log-archive-stack';

/**
 * The stacks of one environment: its log-archive stack when it has a log archive, and its trail's
 * stack, which needs the archive's key ARN (logArchive.kmsKeyArn) and waits for it until set.
 */
export function environmentStacks(scope: Construct, env: EnvironmentSettings): TerraformStack[] {
  const archive = env.logArchive ? [new LogArchiveStack(scope, env)] : [];
  const waitsForArchiveKey = env.logArchive !== undefined && env.logArchive.kmsKeyArn === undefined;
  return [...archive, ...(waitsForArchiveKey ? [] : [new EnvironmentStack(scope, env)])];
}
