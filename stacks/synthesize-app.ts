import type { App, TerraformStack } from 'cdktf';

/**
 * Synthesizes the app only when every stack passes validation (the compliance pack among it), and
 * otherwise reports every failing stack at once, without a stack trace. cdktf alone would stop at
 * the first failing stack with its own trace. Returns the process exit code.
 */
export function synthesizeApp(app: App, stacks: readonly TerraformStack[], printError: (text: string) => void = console.error): number {
  const failures = synthesizeIfValid(app, stacks);
  if (failures.length === 0) return 0;
  printError(refusal(failures, stacks.length));
  return 1;
}

/** Validates every stack and synthesizes the app only if all pass; returns each failing stack's errors. */
export function synthesizeIfValid(app: App, stacks: readonly TerraformStack[]): string[] {
  const failures = stacks.flatMap((stack) => {
    try {
      stack.runAllValidations();
      return [];
    } catch (error) {
      return [(error as Error).message.replace(/\n\nIf you wish to ignore these validations[\s\S]*$/, '')];
    }
  });
  if (failures.length === 0) app.synth();
  return failures;
}

/** What synth says when stacks fail validation: how many of how many, then each one's errors. */
export function refusal(failures: readonly string[], stackCount: number): string {
  return `Synth refused: ${failures.length} of ${stackCount} stacks fail the compliance pack or other validations. Nothing was written.\n${failures.join('\n')}`;
}
