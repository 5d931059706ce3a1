import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { Emulator, startEmulator } from '../../scripts/lib/emulator';
import { EXAMPLES_DIR } from '../../scripts/lib/example-definitions';
import { applyStack, initStack, LocalStack, planStack, stackOutputs, synthLocalStack } from '../../scripts/lib/local-stack';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { logArchiveStackName, resourceNames } from '../../stacks/resource-names';
import { trailStackAccountId } from '../../stacks/trail-shape-schema';
import { BUCKET_LIFECYCLE, leaveOutResources } from './emulated-stack';

/** One stack of an example, applied to the emulator of its own account. */
export interface AppliedStack {
  readonly emulator: Emulator;
  readonly stack: LocalStack;
  readonly outputs: Record<string, string>;
}

export interface AppliedExample {
  readonly environment: EnvironmentInput;
  readonly archive: AppliedStack;
  readonly trail: AppliedStack;
  dispose(): Promise<void>;
}

/**
 * An example definition with a log archive, applied as its README says, each stack to an emulator
 * of its own account (one emulator emulates one account): the log-archive stack first, then the
 * trail's stack, given the archive key's ARN from the first apply's output. Bucket lifecycle
 * configurations are left out (the provider waits a fixed 55 s after each; the shared applies
 * prove them). `beforeTrail` prepares the trail's account, as Control Tower would have.
 */
export async function applyExample(file: string, beforeTrail: (emulator: Emulator, environment: EnvironmentInput) => Promise<void> = async () => undefined): Promise<AppliedExample> {
  const [environment] = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as EnvironmentInput[];
  const archiveAccount = environment.logArchive?.accountId;
  if (!archiveAccount) throw new Error(`${file} has no log archive`);
  const work = mkdtempSync(path.join(tmpdir(), `example-${environment.name}-`));
  const emulators: Emulator[] = [];
  const dispose = async () => {
    await Promise.all(emulators.map((emulator) => emulator.stop()));
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const archiveEmulator = await startEmulator({ accountId: archiveAccount, region: environment.logArchive?.region ?? environment.region });
    emulators.push(archiveEmulator);
    const archiveStack = stackOf(synthLocalStack(environment, archiveEmulator.endpoint, path.join(work, 'archive'), archiveEmulator.env()), logArchiveStackName(environment.name), archiveAccount);
    leaveOutResources(archiveStack.stackDir, [BUCKET_LIFECYCLE]);
    await initStack(archiveStack);
    await applyStack(archiveStack);
    const archiveOutputs = await stackOutputs(archiveStack);

    // The README's next step: the archive key's ARN into the definition, then the trail's stack.
    const withKey: EnvironmentInput = { ...environment, logArchive: { ...environment.logArchive, accountId: archiveAccount, kmsKeyArn: archiveOutputs.kms_key_arn } };
    const trailEmulator = await startEmulator({
      accountId: trailStackAccountId(environment),
      region: environment.region,
      bucketsInOtherAccounts: [resourceNames(environment).logBucketName],
    });
    emulators.push(trailEmulator);
    await beforeTrail(trailEmulator, environment);
    const trailStack = stackOf(synthLocalStack(withKey, trailEmulator.endpoint, path.join(work, 'trail'), trailEmulator.env()), environment.name, trailStackAccountId(environment));
    await initStack(trailStack);
    await applyStack(trailStack);
    return {
      environment: withKey,
      archive: { emulator: archiveEmulator, stack: archiveStack, outputs: archiveOutputs },
      trail: { emulator: trailEmulator, stack: trailStack, outputs: await stackOutputs(trailStack) },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The stack of that name in a local synth (synthLocalStack names the trail's). */
function stackOf(synthesized: LocalStack, name: string, accountId: string): LocalStack {
  return { ...synthesized, name, accountId, stackDir: path.join(path.dirname(synthesized.stackDir), name) };
}

/** The plan after an apply: Terraform exits 0 when it would change nothing. */
export async function secondPlan(applied: AppliedStack): Promise<{ code: number; changes: string }> {
  const plan = await planStack(applied.stack, ['-lock=false']);
  return { code: plan.code, changes: plan.code === 0 ? '' : plan.stdout.split('\n').filter((line) => /^\s+[#~+-] /.test(line)).join('\n') || plan.stderr };
}

/** What Control Tower's landing zone has in its management account before anything here is applied. */
export async function createControlTowerLogGroup(emulator: Emulator, environment: EnvironmentInput): Promise<void> {
  const logs = new CloudWatchLogsClient(emulator.sdkConfig());
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: environment.existingTrail?.logGroupName }));
  } finally {
    logs.destroy();
  }
}
