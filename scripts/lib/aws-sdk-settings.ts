/**
 * Settings every AWS SDK client of this project's commands shares.
 *
 * The SDK warns, once per process, that its releases after January 2027 need Node 22: true, and
 * said in the README's Node section, but on Node 20 it is printed by every `smoke:aws`,
 * `verify:patterns --live` and test run, where it buries what the command itself says. The SDK's
 * own switch (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) turns it off; a user who sets the
 * variable to anything keeps their choice.
 */
export function quietSdkNodeVersionWarning(environ: NodeJS.ProcessEnv = process.env): void {
  environ.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
