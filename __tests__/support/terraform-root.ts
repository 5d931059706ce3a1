import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Emulator } from '../../scripts/lib/emulator';
import { init, terraform, TerraformResult, terraformEnv } from '../../scripts/lib/terraform';

/** The AWS services the module uses, all pointed at one emulator. */
const SERVICES = ['cloudtrail', 'cloudwatch', 'cloudwatchlogs', 'iam', 'kms', 's3', 'sns', 'sts'];

/**
 * A Terraform override file (Terraform merges `*_override.tf` into the configuration) that
 * points the root module's aws provider at the emulator, so examples stay as users copy them.
 */
export function emulatorOverride(emulator: Emulator): string {
  return [
    'provider "aws" {',
    '  s3_use_path_style           = true',
    '  skip_credentials_validation = true',
    '  skip_metadata_api_check     = true',
    '  endpoints {',
    ...SERVICES.map((service) => `    ${service} = "${emulator.endpoint}"`),
    '  }',
    '}',
    '',
  ].join('\n');
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

  async validate(): Promise<{ valid: boolean; diagnostics: { severity: string; summary: string; detail?: string }[] }> {
    const result = await this.run(['validate', '-json']);
    return JSON.parse(result.stdout);
  }
}
