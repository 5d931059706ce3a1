import type { Emulator } from './emulator';
import { EMULATED_SERVICES } from '../../stacks/environment-stack';

/**
 * A Terraform override file (Terraform merges `*_override.tf` into the configuration) that
 * points the root module's aws provider at the emulator, so a root stays as its owner wrote it.
 * With `statePath`, the state goes there too, whatever backend the root names.
 */
export function emulatorOverride(emulator: Pick<Emulator, 'endpoint'>, statePath?: string): string {
  return [
    ...(statePath === undefined ? [] : ['terraform {', `  backend "local" {`, `    path = ${JSON.stringify(statePath)}`, '  }', '}', '']),
    'provider "aws" {',
    '  s3_use_path_style           = true',
    '  skip_credentials_validation = true',
    '  skip_metadata_api_check     = true',
    '  endpoints {',
    ...EMULATED_SERVICES.map((service) => `    ${service} = "${emulator.endpoint}"`),
    '  }',
    '}',
    '',
  ].join('\n');
}
