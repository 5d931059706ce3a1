import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentSettings } from '../../stacks/environment-schema';
import { parseEnvironments } from '../../stacks/load-environments';
import { PROJECT_ROOT } from './project-root';

export const EXAMPLES_DIR = path.join(PROJECT_ROOT, 'examples');

/** The environment definitions under examples/ that users copy, by file name, each validated. */
export function exampleDefinitions(): Map<string, EnvironmentSettings[]> {
  return new Map(
    readdirSync(EXAMPLES_DIR)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => [file, parseEnvironments(JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')))]),
  );
}
