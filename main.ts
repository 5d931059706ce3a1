import { ENVIRONMENTS } from './stacks/environments';
import { definitionOrigin, EnvironmentsDefinitionError, loadEnvironments, LoadedEnvironments } from './stacks/load-environments';
import { SynthSettingError, synthesizeInWorkers, synthWorkerCount } from './stacks/synth-workers';

// Validate the whole definition, each environment and all of them together, before any stack or
// worker exists, so a bad definition writes nothing.
let loaded: LoadedEnvironments;
let workers: number;
try {
  loaded = loadEnvironments(ENVIRONMENTS);
  workers = synthWorkerCount(loaded.environments.length);
} catch (error) {
  if (!(error instanceof EnvironmentsDefinitionError || error instanceof SynthSettingError)) throw error;
  console.error(error.message);
  process.exit(1);
}
// Which file was read is the first thing to doubt when the output looks wrong.
console.log(`Definition: ${definitionOrigin(loaded)}; environments: ${loaded.environments.map((env) => env.name).join(', ')}`);
for (const warning of loaded.warnings) console.error(`Warning: ${warning}`);

async function synthesizeHere(): Promise<number> {
  // Loaded only here: a synth that fans out builds no stack itself, and needs none of their classes.
  const [{ App }, { environmentStacks }, { synthesizeApp }] = await Promise.all([import('cdktf'), import('./stacks/environment-stacks'), import('./stacks/synthesize-app')]);
  const app = new App();
  const stacks = loaded.environments.flatMap((env) => environmentStacks(app, env));
  return synthesizeApp(app, stacks);
}

void (workers > 0 ? synthesizeInWorkers(loaded.environments, workers) : synthesizeHere()).then((code) => (process.exitCode = code));
