/**
 * Runs an async command-line `main` and turns its result into the exit code. An error nobody
 * expected prints its stack and exits with `failureCode`.
 */
export function runCli(main: (args: string[]) => Promise<number>, failureCode: number): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exitCode = failureCode;
    },
  );
}
