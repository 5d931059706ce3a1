/**
 * Runs `scripts/synth.sh` (all-or-nothing, keeps each stack's provider install and lock file) into
 * a chosen output folder, for the commands that need a synth before they can go on.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root';

const SYNTH_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'synth.sh');
const SYNTH_TIMEOUT_MS = 120_000;

export interface SynthOutput {
  readonly stdout: string;
  /** Warnings about the definition land here even when synth succeeds. */
  readonly stderr: string;
}

/** Synthesizes into `outdir`; throws with synth's own output when it fails. */
export function synthesize(outdir: string, env: NodeJS.ProcessEnv = process.env): SynthOutput {
  const result = spawnSync('bash', [SYNTH_SCRIPT], {
    env: { ...env, S3_AUDIT_TRAIL_OUTDIR: outdir },
    encoding: 'utf8',
    timeout: SYNTH_TIMEOUT_MS,
  });
  if (result.error) throw new Error(`cannot run ${SYNTH_SCRIPT}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`synth failed:\n${result.stderr}${result.stdout}`);
  return { stdout: result.stdout, stderr: result.stderr };
}
