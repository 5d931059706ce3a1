/** Step 1: the environment is deployed now, or an existing deployment is found; either way its outputs are read. */
import { describeError, fail, pass, StepResult } from './step-result';
import type { StackOutputs } from './stack-outputs';
import { EnvironmentDeployment, terraformOutcome } from './terraform-stack';

export const DEPLOYMENT_STEP = 'deployment';

export interface DeploymentResult {
  readonly result: StepResult;
  /** Undefined when there is nothing to check: the apply failed or nothing is deployed. */
  readonly outputs?: StackOutputs;
}

export async function deployOrReuse(deployment: EnvironmentDeployment, deploy: boolean): Promise<DeploymentResult> {
  let applied = '';
  try {
    if (deploy) {
      const run = await deployment.deploy();
      if (!run.ok) return { result: fail(DEPLOYMENT_STEP, `terraform apply failed: ${terraformOutcome(run.output)}`) };
      applied = `applied (${terraformOutcome(run.output).replace(/\.$/, '')}); `;
    }
    const outputs = await deployment.readOutputs();
    const what = deploy ? applied : 'using the existing deployment: ';
    return { result: pass(DEPLOYMENT_STEP, `${what}trail ${outputs.trailArn}, log group ${outputs.logGroupName}`), outputs };
  } catch (error) {
    const hint = deploy ? '' : '; run without --no-deploy to deploy it';
    return { result: fail(DEPLOYMENT_STEP, `${describeError(error)}${hint}`) };
  }
}
