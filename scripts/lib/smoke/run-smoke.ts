/**
 * The plan of a smoke run: which steps run, in what order, on what each needs from the ones
 * before; every result printed as soon as it is known.
 */
import { randomBytes } from 'node:crypto';
import type { SmokeClients } from './aws-clients';
import type { Clock } from './bounded-wait';
import { DELETION_STEP, proveDeletionDetected, testObjectKey } from './deletion-detection';
import { deployOrReuse } from './deployment-step';
import { DESTROY_STEP, destroyEnvironment } from './destroy-step';
import { ALARM_STEP, proveAlarmAction } from './alarm-action';
import type { SmokeTarget } from './smoke-target';
import { fail, formatStepResult, guarded, notRun, StepResult } from './step-result';
import type { EnvironmentDeployment } from './terraform-stack';
import { temporaryBucketName } from './temporary-bucket';
import { checkTrailDelivery, TRAIL_STEP } from './trail-delivery';

export interface SmokeDependencies {
  readonly clients: Omit<SmokeClients, 'sts'>;
  readonly deployment: EnvironmentDeployment;
  readonly clock: Clock;
  readonly print: (line: string) => void;
}

/** Eight hex characters: the run id in the test key and alarm reason, and the temporary bucket's suffix. */
const randomHex = () => randomBytes(4).toString('hex');

export async function runSmoke(target: SmokeTarget, deps: SmokeDependencies): Promise<StepResult[]> {
  const { clients, clock, print } = deps;
  const results: StepResult[] = [];
  const report = <R extends StepResult>(result: R): R => {
    results.push(result);
    print(formatStepResult(result));
    return result;
  };
  const runId = randomHex();

  print(`> deployment: ${target.deploy ? 'synthesizing and applying' : 'reading the existing deployment of'} ${target.env.name}`);
  const deployment = await deployOrReuse(deps.deployment, target.deploy);
  report(deployment.result);
  const outputs = deployment.outputs;

  if (!outputs) {
    const reason = 'no stack outputs to check (the deployment step failed)';
    [TRAIL_STEP, DELETION_STEP, ALARM_STEP].forEach((step) => report(notRun(step, reason)));
  } else {
    print(`> ${TRAIL_STEP}: GetTrailStatus ${outputs.trailArn}`);
    const trail = report(
      await guarded(TRAIL_STEP, () =>
        checkTrailDelivery({ cloudTrail: clients.cloudTrail, trailArn: outputs.trailArn, timeoutMs: target.timeoutMs, clock, log: print }),
      ),
    );

    if ('cloudWatchLogsDelivering' in trail && trail.cloudWatchLogsDelivering) {
      print(`> ${DELETION_STEP}: write and delete a test object, then find its event and count`);
      report(
        await guarded(DELETION_STEP, () =>
          proveDeletionDetected({
            s3: clients.s3,
            logs: clients.logs,
            cloudWatch: clients.cloudWatch,
            clock,
            log: print,
            testBucket: target.testBucket,
            temporaryBucketName: temporaryBucketName(target.names.alarmNamePrefix, randomHex()),
            region: target.env.region,
            key: testObjectKey(clock.now(), runId),
            logGroupName: outputs.logGroupName,
            ...(target.deletionMetric && { metric: target.deletionMetric }),
            timeoutMs: target.timeoutMs,
          }),
        ),
      );
    } else {
      report(notRun(DELETION_STEP, 'the trail does not deliver to CloudWatch Logs, so no event can reach the log group'));
    }

    if (target.alarmName) {
      const alarmName = target.alarmName;
      print(`> ${ALARM_STEP}: force ${alarmName} into ALARM and read its history`);
      report(
        await guarded(ALARM_STEP, () =>
          proveAlarmAction({ cloudWatch: clients.cloudWatch, sns: clients.sns, clock, log: print, alarmName, topicArn: outputs.alarmTopicArn, runId }),
        ),
      );
    } else {
      report(fail(ALARM_STEP, 'the environment has no alarm at all: every detection is disabled and silenceAlarmAfterMinutes is 0'));
    }
  }

  if (target.destroy) {
    print(`> ${DESTROY_STEP}: terraform destroy ${target.env.name}`);
    report(
      await guarded(DESTROY_STEP, () =>
        destroyEnvironment({ deployment: deps.deployment, s3: clients.s3, stackBucketPrefix: `${target.names.alarmNamePrefix}-`, log: print }),
      ),
    );
  }
  return results;
}
