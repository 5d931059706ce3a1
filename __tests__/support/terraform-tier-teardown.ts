/** Jest globalTeardown of the terraform project: stops the broker and its emulators. */
export default async function tearDownTerraformTier(): Promise<void> {
  await globalThis.environmentBroker?.stop();
  globalThis.environmentBroker = undefined;
}
