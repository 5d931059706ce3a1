/** Stand-ins the smoke tests share: a clock that only moves when slept on, and a scripted deployment. */
import type { Clock } from '../../scripts/lib/smoke/bounded-wait';
import type { StackOutputs } from '../../scripts/lib/smoke/stack-outputs';
import type { EnvironmentDeployment, TerraformRun } from '../../scripts/lib/smoke/terraform-stack';

export const START = Date.parse('2026-03-02T10:00:00Z');

/** A wait longer than this in a test is a wait that never ends. */
const RUNAWAY_MS = 24 * 60 * 60_000;

/**
 * Sleeping advances time at once, so a twenty-minute wait takes no real time. A sleep that would
 * not advance time, or a day of sleeping, throws: with a fake clock either would loop forever.
 */
export function fakeClock(start = START): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      if (!(ms > 0)) throw new Error(`sleep(${ms}): a wait that does not advance time never ends`);
      if (now + ms - start > RUNAWAY_MS) throw new Error('slept a whole day: a wait without a bound');
      slept.push(ms);
      now += ms;
    },
  };
}

export const OUTPUTS: StackOutputs = {
  trailArn: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/acme-test-s3-audit',
  logBucketName: 'acme-test-audit-logs-123456789012',
  logGroupName: '/aws/cloudtrail/acme-test-s3-audit',
  alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:acme-test-audit-alarms',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0000',
};

/** A deployment whose Terraform runs succeed, or print what each test scripts. */
export function fakeDeployment(script: { apply?: TerraformRun; destroys?: TerraformRun[]; outputs?: StackOutputs | Error } = {}) {
  const calls: string[] = [];
  const destroys = [...(script.destroys ?? [{ ok: true, output: 'Destroy complete! Resources: 97 destroyed.' }])];
  const deployment: EnvironmentDeployment = {
    stackDir: '/work/cdktf.out/stacks/test',
    async deploy() {
      calls.push('deploy');
      return script.apply ?? { ok: true, output: 'Apply complete! Resources: 97 added, 0 changed, 0 destroyed.' };
    },
    async readOutputs() {
      calls.push('readOutputs');
      const outputs = script.outputs ?? OUTPUTS;
      if (outputs instanceof Error) throw outputs;
      return outputs;
    },
    async destroy() {
      calls.push('destroy');
      return destroys.shift() ?? { ok: false, output: 'Error: no more scripted destroys' };
    },
  };
  return { deployment, calls };
}
