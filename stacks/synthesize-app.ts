import { App, TerraformStack } from 'cdktf';

/**
 * Synthesizes the app only when every stack passes validation (the compliance pack among it), and
 * otherwise reports every failing stack at once, without a stack trace. cdktf alone would stop at
 * the first failing stack with its own trace. Returns the process exit code.
 */
export function synthesizeApp(app: App, stacks: readonly TerraformStack[], printError: (text: string) => void = console.error): number {
  const failures = stacks.flatMap((stack) => {
    try {
      stack.runAllValidations();
      return [];
    } catch (error) {
      return [(error as Error).message.replace(/\n\nIf you wish to ignore these validations[\s\S]*$/, '')];
    }
  });
  if (failures.length > 0) {
    printError(`Synth refused: ${failures.length} of ${stacks.length} stacks fail the compliance pack or other validations. Nothing was written.\n${failures.join('\n')}`);
    return 1;
  }
  app.synth();
  return 0;
}
