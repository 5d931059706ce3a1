/**
 * Slow tier: `npm run diff` / `deploy` on a stack's first run, with the provider mirror and no
 * registry. cdktf runs its own `terraform providers lock` (against the registry) whenever it finds
 * the stack's lock file wanting; scripts/lib/provider-lock.ts writes one from the mirror first.
 * cdktf's verdict is taken from cdktf itself: @cdktf/cli-core is the code the cdktf-cli bundle is
 * built from, at the same version.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SynthesizedStack } from '@cdktf/cli-core/src/lib/synth-stack';
import { Emulator, startEmulator } from '../../scripts/lib/emulator';
import { synthLocalStack } from '../../scripts/lib/local-stack';
import { lockProvidersFromMirror, synthesizedStackDirs } from '../../scripts/lib/provider-lock';
import { synthesize } from '../../scripts/lib/synth';
import { providerMirror, terraformEnv } from '../../scripts/lib/terraform';
import { validEnvironment } from '../support/environments';
import { npmRun } from '../support/npm-run';

/** Nothing listens here: any attempt to reach the registry fails at once (Go never proxies loopback). */
const NO_REGISTRY = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '' };
const mirror = providerMirror();

interface CdktfVerdict {
  readonly stack: string;
  readonly wouldLockAgainstRegistry: boolean;
  readonly wouldUpgrade: boolean;
}

/** The checks `CdktfStack.initalizeTerraform` makes before `terraform init`; private in the typings. */
interface InitChecks {
  checkNeedsLockfileUpdate(): Promise<boolean>;
  checkNeedsUpgrade(): Promise<boolean>;
}

/** What cdktf decides before `terraform init`, for each stack of a synth output, by cdktf's own code. */
async function cdktfVerdicts(outdir: string): Promise<CdktfVerdict[]> {
  // Loaded only here: it takes a second and checks the Terraform installation as it loads.
  const { SynthStack } = require('@cdktf/cli-core/src/lib/synth-stack') as typeof import('@cdktf/cli-core/src/lib/synth-stack');
  const { CdktfStack: Stack } = require('@cdktf/cli-core/src/lib/cdktf-stack') as typeof import('@cdktf/cli-core/src/lib/cdktf-stack');
  const stacks: SynthesizedStack[] = await SynthStack.readSynthesizedStacks(outdir);
  return Promise.all(
    stacks.map(async (stack) => {
      const executor = new Stack({ stack, onUpdate: () => undefined, abortSignal: new AbortController().signal });
      const checks = executor as unknown as InitChecks;
      return {
        stack: stack.name,
        wouldLockAgainstRegistry: await checks.checkNeedsLockfileUpdate(),
        wouldUpgrade: await checks.checkNeedsUpgrade(),
      };
    }),
  );
}

(mirror ? describe : describe.skip)('GIVEN a fresh synth output and the provider mirror', () => {
  let work: string;
  let outdir: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'provider-lock-'));
    outdir = join(work, 'cdktf.out');
    const definition = join(work, 'environments.json');
    writeFileSync(definition, JSON.stringify([validEnvironment({ name: 'one' }), validEnvironment({ name: 'two', namePrefix: 'other' })]));
    synthesize(outdir, { ...process.env, S3_AUDIT_TRAIL_ENVIRONMENTS: definition });
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('THEN, as it is, cdktf would lock every stack against the registry', async () => {
    expect(await cdktfVerdicts(outdir)).toEqual([
      { stack: 'one', wouldLockAgainstRegistry: true, wouldUpgrade: false },
      { stack: 'two', wouldLockAgainstRegistry: true, wouldUpgrade: false },
    ]);
    // Loading cdktf's CLI core takes seconds on a loaded machine.
  }, 120_000);

  test('WHEN lock files are written from the mirror with no registry reachable THEN cdktf finds nothing to lock or upgrade', async () => {
    await lockProvidersFromMirror(synthesizedStackDirs(outdir), mirror as string, terraformEnv({ ...process.env, ...NO_REGISTRY }));
    expect(await cdktfVerdicts(outdir)).toEqual([
      { stack: 'one', wouldLockAgainstRegistry: false, wouldUpgrade: false },
      { stack: 'two', wouldLockAgainstRegistry: false, wouldUpgrade: false },
    ]);
  }, 120_000);
});


(mirror ? describe : describe.skip)('GIVEN a stack synthesized against the AWS emulator, never initialized, and no registry reachable', () => {
  let emulator: Emulator | undefined;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'cdktf-diff-'));
    emulator = await startEmulator({ accountId: '123456789012', region: 'eu-west-1' });
    // startEmulator allows the emulator a minute to come up on a loaded machine; so does the hook.
  }, 90_000);
  afterAll(async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  }, 15_000);

  test('WHEN `npm run diff` runs the first time THEN cdktf plans the stack without asking the registry for locking', async () => {
    const em = emulator as Emulator;
    const stack = synthLocalStack(validEnvironment({ name: 'first' }), em.endpoint, work, em.env());
    const result = await npmRun(
      ['diff', '--', 'first', '-o', join(work, 'cdktf.out')],
      { ...stack.env, ...NO_REGISTRY, CI: '1', S3_AUDIT_TRAIL_ENVIRONMENTS: join(work, 'environments.json') },
      // About 35 s alone, over half of it `terraform plan` starting the AWS provider four times; beside the
      // rest of the tier on a 2-core CI machine it took over 150 s once. The limit only catches a hang.
      240_000,
    );
    expect(result.output).not.toContain('Could not retrieve providers for locking');
    expect(result.output).toMatch(/Plan:\s*\S*\s*\d+ to add, 0 to change, 0 to destroy/);
    expect(result.code).toBe(0);
  }, 250_000);
});
