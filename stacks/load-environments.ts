import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EnvironmentSettings, environmentsSchema } from './environment-schema';

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
  const result = environmentsSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  throw new EnvironmentsDefinitionError(result.error.issues.map((issue) => describeIssue(issue, raw)));
}

/**
 * The definition to synthesize: the JSON file named by `S3_AUDIT_TRAIL_ENVIRONMENTS` if set,
 * else the built-in one.
 */
export function loadEnvironments(builtIn: unknown, environ: NodeJS.ProcessEnv = process.env): EnvironmentSettings[] {
  const file = environ.S3_AUDIT_TRAIL_ENVIRONMENTS;
  if (!file) return parseEnvironments(builtIn);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EnvironmentsDefinitionError([`S3_AUDIT_TRAIL_ENVIRONMENTS=${file}: ${(error as Error).message}`]);
  }
  return parseEnvironments(raw);
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [index, ...fieldPath] = issue.path;
  if (typeof index !== 'number') return issue.message;
  const entry = Array.isArray(raw) ? raw[index] : undefined;
  const name = entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string'
    ? `"${(entry as { name: string }).name}"`
    : `#${index + 1}`;
  const field = fieldPath.length === 0 ? '' : formatPath(fieldPath);
  let message = issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) message = `is missing (${issue.expected} required)`;
  if (issue.code === 'unrecognized_keys') {
    return `environment ${name}${field ? `, field ${field}` : ''}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  return `environment ${name}${field ? `, field ${field}` : ''}: ${message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, position) => (typeof part === 'number' ? `[${part}]` : `${position === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
