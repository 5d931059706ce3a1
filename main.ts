import { App } from 'cdktf';
import { EnvironmentStack } from './stacks/environment-stack';
import { ENVIRONMENTS } from './stacks/environments';
import { EnvironmentsDefinitionError, loadEnvironments, LoadedEnvironments } from './stacks/load-environments';
import { synthesizeApp } from './stacks/synthesize-app';

// Validate every environment before the App exists, so a bad definition writes nothing.
let loaded: LoadedEnvironments;
try {
  loaded = loadEnvironments(ENVIRONMENTS);
} catch (error) {
  if (!(error instanceof EnvironmentsDefinitionError)) throw error;
  console.error(error.message);
  process.exit(1);
}
for (const warning of loaded.warnings) console.error(`Warning: ${warning}`);

const app = new App();
const stacks = loaded.environments.map((env) => new EnvironmentStack(app, env));
process.exitCode = synthesizeApp(app, stacks);
