import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EnvironmentSettings, environmentsSchema } from './environment-schema';
import { describeIssue, withoutMisspelledMissing } from './describe-issue';
import { definitionWarnings } from './definition-warnings';
import { parseDefinitionJson } from './definition-json';

/** Thrown when the environments definition is invalid; lists every problem found, not just the first. */
export class EnvironmentsDefinitionError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Invalid environments definition (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'EnvironmentsDefinitionError';
  }
}

/** Validates a raw environments definition; throws `EnvironmentsDefinitionError` naming env, field and value. */
export function parseEnvironments(raw: unknown): EnvironmentSettings[] {
  if (!Array.isArray(raw)) {
    const given = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw === 'object' ? 'an object' : JSON.stringify(raw);
    throw new EnvironmentsDefinitionError([`the definition is ${given}; expected a JSON array of environments, e.g. [{ "name": "dev", ... }]`]);
  }
  const result = environmentsSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  throw new EnvironmentsDefinitionError(withoutMisspelledMissing(result.error.issues, raw).map((issue: z.core.$ZodIssue) => describeIssue(issue, raw)));
}

/** Where a definition came from: the built-in one, or a JSON file (always an absolute path). */
export interface DefinitionSource {
  readonly raw: unknown;
  /** Absolute path of the JSON file, or undefined for the built-in definition. */
  readonly file?: string;
}

/**
 * The raw definition to synthesize: the JSON file named by `S3_AUDIT_TRAIL_ENVIRONMENTS` if set
 * (a relative path is resolved against the directory the command was started from: npm's
 * `INIT_CWD`, else the current directory), else the built-in one. Not validated yet. Set but empty
 * is refused rather than read as unset: `S3_AUDIT_TRAIL_ENVIRONMENTS=$MISSING_VARIABLE` would
 * otherwise synthesize the built-in example environments over the real output.
 */
export function readEnvironmentsDefinition(builtIn: unknown, environ: NodeJS.ProcessEnv = process.env): DefinitionSource {
  const setting = environ.S3_AUDIT_TRAIL_ENVIRONMENTS;
  if (setting === undefined) return { raw: builtIn };
  if (setting.trim() === '') {
    throw new EnvironmentsDefinitionError([
      `S3_AUDIT_TRAIL_ENVIRONMENTS=${JSON.stringify(setting)} names no file; expected the path of a JSON definition (e.g. examples/two-accounts.json), or leave the variable unset for the built-in one (stacks/environments.ts)`,
    ]);
  }
  const file = path.resolve(environ.INIT_CWD ?? process.cwd(), setting);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EnvironmentsDefinitionError([`S3_AUDIT_TRAIL_ENVIRONMENTS=${setting} (${file}): ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`]);
  }
  // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse refuses as a stray token.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const json = parseDefinitionJson(text);
  if (json.problems) {
    throw new EnvironmentsDefinitionError(json.problems.map((problem) => `S3_AUDIT_TRAIL_ENVIRONMENTS=${setting} (${file}) is not valid JSON: ${problem}`));
  }
  return { raw: json.value, file };
}

/** Where the definition came from, as synth reports it: the file, or the built-in one. */
export function definitionOrigin(source: Pick<DefinitionSource, 'file'>): string {
  return source.file ?? 'the built-in definition (stacks/environments.ts; set S3_AUDIT_TRAIL_ENVIRONMENTS to use a JSON file)';
}

/** A validated definition, and what is risky about it but allowed. */
export interface LoadedEnvironments {
  readonly environments: EnvironmentSettings[];
  /** Absolute path of the JSON file read, or undefined for the built-in definition. */
  readonly file?: string;
  readonly warnings: readonly string[];
}

/** Reads and validates the definition to synthesize (see `readEnvironmentsDefinition`). */
export function loadEnvironments(builtIn: unknown, environ: NodeJS.ProcessEnv = process.env): LoadedEnvironments {
  const { raw, file } = readEnvironmentsDefinition(builtIn, environ);
  const environments = parseEnvironments(raw);
  return { environments, file, warnings: definitionWarnings(environments) };
}
