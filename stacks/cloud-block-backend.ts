import { Construct } from 'constructs';
import { CloudBackend, NamedCloudWorkspace } from 'cdktf';
import { BackendSettings } from './backend-schema';

type CloudSettings = Extract<BackendSettings, { type: 'cloud' }>;

/**
 * The `cloud` block, with only what the environment names. cdktf's CloudBackend requires an
 * organization and a workspace, while Terraform reads them from TF_CLOUD_ORGANIZATION and
 * TF_WORKSPACE (and TF_CLOUD_PROJECT, TF_CLOUD_HOSTNAME) when they are left out, which is how CI
 * runs often supply them. Subclassing keeps what cdktf does with a cloud backend (the stack counts
 * as having a backend, so cdktf adds no local one; the CLI treats it as a cloud stack) and replaces
 * only the block it writes.
 */
export class CloudBlockBackend extends CloudBackend {
  private readonly block: Record<string, unknown>;

  constructor(scope: Construct, settings: CloudSettings) {
    // The placeholders only satisfy CloudBackend's constructor; toTerraform writes the real block.
    super(scope, { organization: settings.organization ?? '', workspaces: new NamedCloudWorkspace(settings.workspace ?? ''), hostname: settings.hostname });
    const workspaces = {
      ...(settings.workspace && { name: settings.workspace }),
      ...(settings.workspaceTags && { tags: settings.workspaceTags }),
      ...(settings.project && { project: settings.project }),
    };
    this.block = {
      ...(settings.organization && { organization: settings.organization }),
      ...(settings.hostname && { hostname: settings.hostname }),
      ...(Object.keys(workspaces).length > 0 && { workspaces }),
    };
  }

  public override toTerraform(): any {
    return { terraform: { cloud: this.block } };
  }
}
