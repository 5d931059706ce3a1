import { App } from 'cdktf';
import { EnvironmentStack } from './stacks/environment-stack';
import { ENVIRONMENTS } from './stacks/environments';
import { EnvironmentsDefinitionError, loadEnvironments, LoadedEnvironments } from './stacks/load-environments';

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
for (const env of loaded.environments) new EnvironmentStack(app, env);
app.synth();
