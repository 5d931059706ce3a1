/** Two tiers: fast unit tests (synth + assertions, no child processes) and the Terraform tier
 * (terraform validate, emulator apply) that lives under __tests__/terraform. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
module.exports = {
  // The Terraform tier mostly waits on Terraform and the emulator (the AWS provider alone waits 55 s
  // after each lifecycle configuration), so its files run side by side even on two cores.
  maxWorkers: 4,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/terraform/'],
    },
    {
      displayName: 'terraform',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/terraform/**/*.test.ts'],
    },
  ],
};
