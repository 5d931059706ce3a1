import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { CloudBlockBackend } from './cloud-block-backend';
import { BackendSettings } from './backend-schema';

/** Oldest Terraform the synthesized JSON is tested with features of (import blocks, checks). */
export const BASE_TERRAFORM_VERSION = '1.5.0';

/**
 * The oldest Terraform the backend works with: `assume_role` in the S3 backend and a cloud
 * `project` came in 1.6, S3-native lock files (`use_lockfile`) in 1.10.
 */
export function requiredTerraformVersion(backend: BackendSettings): string {
  if (backend.type === 's3' && backend.useLockfile) return '1.10.0';
  if (backend.type === 's3' && backend.roleArn) return '1.6.0';
  if (backend.type === 'cloud' && backend.project) return '1.6.0';
  return BASE_TERRAFORM_VERSION;
}

/**
 * Where a local backend keeps state unless `path` says otherwise, relative to cdktf.out/stacks/<env>
 * where Terraform runs: the project root, outside the synth output that every synth replaces, and
 * the same on every machine.
 */
export function defaultLocalStatePath(envName: string): string {
  return `../../../terraform.${envName}.tfstate`;
}

/** Configures the stack's state backend and the Terraform version it requires. */
export function configureBackend(stack: TerraformStack, envName: string, backend: BackendSettings): void {
  stack.addOverride('terraform.required_version', `>= ${requiredTerraformVersion(backend)}`);
  switch (backend.type) {
    case 'local':
      new LocalBackend(stack, { path: backend.path ?? defaultLocalStatePath(envName) });
      return;
    case 's3':
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        encrypt: backend.encrypt,
        dynamodbTable: backend.dynamodbTable,
        kmsKeyId: backend.kmsKeyId,
        assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
      });
      // cdktf 0.21's S3Backend predates use_lockfile.
      if (backend.useLockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return;
    case 'cloud':
      new CloudBlockBackend(stack, backend);
      return;
  }
}
