/**
 * Jest globalSetup of the terraform project: starts the broker of shared applied environments, and
 * has Terraform's Go processes collect garbage less often.
 */
import { EnvironmentBroker } from './environment-broker';

declare global {
  // Read by terraform-tier-teardown.ts, in this same process.
  var environmentBroker: EnvironmentBroker | undefined;
}

export default function setUpTerraformTier(): void {
  // Each Terraform command has the AWS provider build and send its full schema two or three times;
  // at Go's default GOGC a quarter of that CPU goes to collecting garbage. Four times the heap growth
  // between collections saves most of it, for about 150 MiB more per provider process.
  process.env.GOGC ??= '400';
  globalThis.environmentBroker = EnvironmentBroker.start();
}
