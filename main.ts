import { App } from 'cdktf';
import { EnvironmentStack } from './stacks/environment-stack';
import { ENVIRONMENTS } from './stacks/environments';
import { EnvironmentsDefinitionError, loadEnvironments } from './stacks/load-environments';

// Validate every environment before the App exists, so a bad definition writes nothing.
let environments;
try {
  environments = loadEnvironments(ENVIRONMENTS);
} catch (error) {
  if (!(error instanceof EnvironmentsDefinitionError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = new App();
for (const env of environments) new EnvironmentStack(app, env);
app.synth();
