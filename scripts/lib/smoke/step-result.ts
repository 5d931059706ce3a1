/** What each smoke step reports, and the lines that report it. */

export type StepStatus = 'pass' | 'fail' | 'skip';

export interface StepResult {
  /** Short name, e.g. `trail logging`. */
  readonly step: string;
  readonly status: StepStatus;
  /** The evidence for a pass, the cause for a failure, or why the step did not run. */
  readonly detail: string;
}

export const pass = (step: string, detail: string): StepResult => ({ step, status: 'pass', detail });
export const fail = (step: string, detail: string): StepResult => ({ step, status: 'fail', detail });
export const notRun = (step: string, reason: string): StepResult => ({ step, status: 'skip', detail: `not run: ${reason}` });

/** `[PASS] trail logging: IsLogging true, ...` */
export function formatStepResult(result: StepResult): string {
  return `[${result.status === 'skip' ? 'SKIP' : result.status.toUpperCase()}] ${result.step}: ${result.detail}`;
}

/** The last line: `smoke:aws dev: PASS`, or `smoke:aws dev: FAIL (2 of 5 steps failed)`. */
export function summaryLine(environmentName: string, results: readonly StepResult[]): string {
  const failed = results.filter((result) => result.status === 'fail').length;
  const skipped = results.filter((result) => result.status === 'skip').length;
  if (failed === 0 && skipped === 0 && results.length > 0) return `smoke:aws ${environmentName}: PASS`;
  const notRunNote = skipped > 0 ? `, ${skipped} not run` : '';
  return `smoke:aws ${environmentName}: FAIL (${failed} of ${results.length} steps failed${notRunNote})`;
}

/** True when every step passed: the run's exit status. */
export function allPassed(results: readonly StepResult[]): boolean {
  return results.length > 0 && results.every((result) => result.status === 'pass');
}

/** Runs a step; an unexpected error (an SDK call refused, a network failure) fails that step, not the run. */
export async function guarded<R extends StepResult>(step: string, run: () => Promise<R>): Promise<R | StepResult> {
  try {
    return await run();
  } catch (error) {
    return fail(step, describeError(error));
  }
}

/** `AccessDenied: User ... is not authorized to perform: s3:PutObject ...` */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
