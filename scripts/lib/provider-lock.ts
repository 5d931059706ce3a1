/**
 * Gives synthesized stacks the provider lock file cdktf would have made, from the provider mirror.
 *
 * Why: before `cdktf diff` / `deploy` runs `terraform init`, cdktf decides whether the stack's lock
 * file "needs updating" (`CdktfStack.checkNeedsLockfileUpdate` in @cdktf/cli-core, bundled into
 * cdktf-cli): yes when there is no `.terraform.lock.hcl`, or when it lacks an entry, with a
 * `constraints` line, for a provider the stack requires. If so, after `init` it runs
 * `terraform providers lock -platform=linux_amd64`, which by design ignores the CLI configuration's
 * `provider_installation` and asks the origin registry: offline that fails ("Could not retrieve
 * providers for locking"). The `init` before it has written a lock file with constraints, which is
 * why a second run works. So the lever is the lock file itself: written here first, for the same
 * platforms but from the mirror (`-fs-mirror`), it leaves cdktf nothing to update, so cdktf never
 * calls the registry; `terraform init` then verifies the mirror's packages against it as usual.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { terraform } from './terraform';

/** cdktf locks for linux_amd64 (where HCP Terraform runs); `init` needs this machine's platform too. */
const CDKTF_LOCK_PLATFORM = 'linux_amd64';
const LOCK_TIMEOUT_MS = 120_000;

/** This machine in Terraform's `os_arch` spelling. */
export function hostPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/** The platforms a stack's lock file must cover: what cdktf would lock plus this machine. */
export function lockPlatforms(host: string = hostPlatform()): string[] {
  return [...new Set([host, CDKTF_LOCK_PLATFORM])];
}

/** Every stack folder (`<outdir>/stacks/<name>`) of a synth output; none before the first synth. */
export function synthesizedStackDirs(outdir: string): string[] {
  const stacks = path.join(outdir, 'stacks');
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks)
    .map((name) => path.join(stacks, name))
    .filter((dir) => statSync(dir).isDirectory());
}

/**
 * `terraform providers lock` from `mirror` in each stack folder, all at once (each hashes only its
 * own copy). Idempotent: an up-to-date lock file is left as it is. Throws with Terraform's message.
 */
export async function lockProvidersFromMirror(stackDirs: readonly string[], mirror: string, env: NodeJS.ProcessEnv): Promise<void> {
  const platformArgs = lockPlatforms().map((platform) => `-platform=${platform}`);
  await Promise.all(
    stackDirs.map(async (stackDir) => {
      const result = await terraform(['providers', 'lock', '-no-color', `-fs-mirror=${mirror}`, ...platformArgs], {
        cwd: stackDir,
        env,
        timeoutMs: LOCK_TIMEOUT_MS,
      });
      if (result.code !== 0) {
        throw new Error(`terraform providers lock from ${mirror} failed in ${stackDir}:\n${result.stderr || result.stdout}`);
      }
    }),
  );
}
