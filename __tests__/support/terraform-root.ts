import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { init, terraform, TerraformResult, terraformEnv } from '../../scripts/lib/terraform';

export { emulatorOverride } from '../../scripts/lib/emulator-override';

/**
 * Writes an override file into an HCL module folder that sets `count = 0` on every resource of
 * `type` declared in its main.tf, so an apply creates none of them and the module reads as written.
 * Only for types nothing else in the module refers to (a reference would then need an index).
 * Returns the addresses left out; throws when there are none, so a renamed type cannot go unnoticed.
 */
export function leaveOutOfModule(moduleDir: string, type: string): string[] {
  const declared = [...readFileSync(path.join(moduleDir, 'main.tf'), 'utf8').matchAll(/^resource\s+"([^"]+)"\s+"([^"]+)"/gm)]
    .filter(([, declaredType]) => declaredType === type)
    .map(([, , name]) => name);
  if (declared.length === 0) throw new Error(`${moduleDir}/main.tf declares no ${type}`);
  const blocks = declared.map((name) => `resource "${type}" "${name}" {\n  count = 0\n}\n`);
  writeFileSync(path.join(moduleDir, `${type}_override.tf`), blocks.join('\n'));
  return declared.map((name) => `${type}.${name}`);
}

/** `terraform validate -json`'s report; a diagnostic's range names the file it is about. */
export interface Validation {
  readonly valid: boolean;
  readonly diagnostics: readonly { severity: string; summary: string; detail?: string; range?: { filename: string } }[];
}

/** A root module folder of the test's own, with Terraform run in it. */
export class TerraformRoot {
  constructor(public readonly dir: string, private readonly env: NodeJS.ProcessEnv = terraformEnv()) {}

  static write(dir: string, files: Record<string, string>, env?: NodeJS.ProcessEnv): TerraformRoot {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return new TerraformRoot(dir, env);
  }

  init(backend = false) {
    return init(this.dir, { backend, env: this.env });
  }

  run(args: readonly string[], timeoutMs = 300_000): Promise<TerraformResult> {
    return terraform([...args, '-no-color'], { cwd: this.dir, env: this.env, timeoutMs });
  }

  async validate(): Promise<Validation> {
    const result = await this.run(['validate', '-json']);
    return JSON.parse(result.stdout);
  }
}
