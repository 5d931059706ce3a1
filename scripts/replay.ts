/**
 * `npm run replay -- [--env <env>] [--json] [--trail-key-arn <arn>] <CloudTrail log files or folders>`:
 * what the detections of an environment would have seen in CloudTrail log files. For each
 * detection: its matches, the periods in which its alarm would have fired, the first and last
 * match, and the principals behind them. The tuning report before a deployment, and the first
 * answer in an incident ("what would have fired last week?").
 *
 * Exit codes: 0 every file was read; 1 the report is complete but some files could not be read
 * and were skipped (each is named); 2 replay could not start (usage, environments, paths).
 */
import path from 'node:path';
import { partitionOf } from '../stacks/aws-regions';
import { changeAgentProblem } from '../stacks/change-agent-rules';
import { ENVIRONMENTS } from '../stacks/environments';
import { EnvironmentsDefinitionError, loadEnvironments } from '../stacks/load-environments';
import { LogPathError, selectLogFiles } from './lib/replay/log-file-paths';
import { progressOn, ProgressStream } from './lib/replay/progress';
import { parseReplayArguments, REPLAY_USAGE } from './lib/replay/replay-arguments';
import { replayDetections } from './lib/replay/replay-detections';
import { ReplayReport, replayReport } from './lib/replay/replay-report';
import { renderReplayTable } from './lib/replay/report-table';
import { replayLogFiles } from './lib/replay/run-replay';
import { runCli } from './lib/run-cli';

export const EXIT_ALL_READ = 0;
export const EXIT_FILES_SKIPPED = 1;
export const EXIT_CANNOT_RUN = 2;

export interface ReplayIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
  readonly environ: NodeJS.ProcessEnv;
  /** Where relative paths on the command line start: the directory `npm run` was started in. */
  readonly workingDirectory: string;
}

const processIo = (): ReplayIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  environ: process.env,
  workingDirectory: process.env.INIT_CWD ?? process.cwd(),
});

function relativeTo(directory: string, report: ReplayReport): ReplayReport {
  const skipped = report.files.skipped.map((s) => ({ ...s, file: path.relative(directory, s.file) || s.file }));
  return { ...report, files: { ...report.files, skipped } };
}

export async function main(args: readonly string[], io: ReplayIo = processIo()): Promise<number> {
  const parsed = parseReplayArguments(args);
  if (parsed.kind === 'help') {
    io.stdout.write(`${REPLAY_USAGE}\n`);
    return EXIT_ALL_READ;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`replay: ${parsed.message}\n\n${REPLAY_USAGE}\n`);
    return EXIT_CANNOT_RUN;
  }
  const options = parsed.options;

  let environments;
  let selection;
  try {
    environments = loadEnvironments(ENVIRONMENTS, io.environ).environments;
    selection = selectLogFiles(options.paths, io.workingDirectory);
  } catch (error) {
    if (!(error instanceof EnvironmentsDefinitionError || error instanceof LogPathError)) throw error;
    io.stderr.write(`replay: ${error.message}\n`);
    return EXIT_CANNOT_RUN;
  }
  const defined = options.environment === undefined ? environments[0] : environments.find((env) => env.name === options.environment);
  if (!defined) {
    io.stderr.write(`replay: no environment ${options.environment}; defined: ${environments.map((env) => env.name).join(', ')}\n`);
    return EXIT_CANNOT_RUN;
  }
  const agentProblems = options.expectedChangeAgents.flatMap((agent) => {
    const problem = changeAgentProblem(agent, partitionOf(defined.region));
    return problem ? [`--expected-change-agent: ${JSON.stringify(agent)} ${problem}`] : [];
  });
  if (agentProblems.length > 0) {
    io.stderr.write(agentProblems.map((problem) => `replay: ${problem}\n`).join(''));
    return EXIT_CANNOT_RUN;
  }
  const environment = options.expectedChangeAgents.length === 0
    ? defined
    : { ...defined, expectedChangeAgents: [...new Set([...(defined.expectedChangeAgents ?? []), ...options.expectedChangeAgents])] };

  const detections = replayDetections(environment, options.trailKeyArn);
  const progress = progressOn(io.stderr, selection.files.length);
  const result = await replayLogFiles(selection.files, detections, progress.fileDone);
  progress.finish();

  const report = relativeTo(io.workingDirectory, replayReport(environment.name, detections, result, selection.digestFilesLeftOut));
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReplayTable(report, environment.accountId));
  return report.files.skipped.length > 0 ? EXIT_FILES_SKIPPED : EXIT_ALL_READ;
}

if (require.main === module) runCli(main, EXIT_CANNOT_RUN);
