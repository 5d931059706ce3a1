import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { Testing } from 'cdktf';
import { EnvironmentSettings } from '../../../stacks/environment-schema';
import { EnvironmentStack } from '../../../stacks/environment-stack';
import { ModuleStack } from '../../../stacks/module-stack';
import { COMPLETE_EXAMPLE } from '../module-example';
import { PROJECT_ROOT } from '../project-root';
import { ProofSubject } from './proof-subject';
import { locationOfEnvironmentStack, providerLocation, StackJson } from './stack-scope';
import { ExpressionError } from './terraform-expression';

/** The log-archive account's side of replication, which users apply there (README, "Replication to a log-archive account"). */
export const LOG_ARCHIVE_RECIPE = path.join(PROJECT_ROOT, 'examples', 'log-archive-account', 'main.tf');

/** An environment's stack, with the log-archive account's side when it replicates to another account. */
export async function environmentSubject(env: EnvironmentSettings): Promise<ProofSubject> {
  const stack = JSON.parse(Testing.synth(new EnvironmentStack(Testing.app(), env))) as StackJson;
  return subjectOfEnvironmentStack(env.name, stack);
}

/** The same from an already synthesized stack (a test that breaks one statement of it on purpose). */
export async function subjectOfEnvironmentStack(name: string, stack: StackJson): Promise<ProofSubject> {
  const location = locationOfEnvironmentStack(stack);
  const probe = new ProofSubject(name, stack, location);
  const archives = await Promise.all(
    probe.instances('aws_s3_bucket_replication_configuration').flatMap((configuration) => {
      const destination = (configuration.attributes.rule as { destination: { bucket: string; account?: string; encryption_configuration: { replica_kms_key_id: string } } }[])[0].destination;
      if (!destination.account || destination.account === location.accountId) return [];
      return [logArchiveSubject(`${name}'s log-archive account`, destination.bucket, destination.account, destination.encryption_configuration.replica_kms_key_id.split(':')[3], [configuration.attributes.role as string])];
    }),
  );
  return archives.length === 0 ? probe : new ProofSubject(name, stack, location, {}, archives);
}

/** examples/log-archive-account, applied in the destination's account and region for these replication roles. */
export async function logArchiveSubject(name: string, bucketArn: string, accountId: string, region: string, replicationRoleArns: string[]): Promise<ProofSubject> {
  const stack = normalizeHclJson(await parse('main.tf', readFileSync(LOG_ARCHIVE_RECIPE, 'utf8')));
  return new ProofSubject(name, stack, providerLocation(region, accountId), {
    archive_bucket_name: bucketArn.split(':::')[1],
    replication_role_arns: replicationRoleArns,
  });
}

/** The exported module, applied as its examples/complete applies it, with that example's values. */
export async function moduleExampleSubject(): Promise<ProofSubject> {
  const stack = JSON.parse(Testing.synth(new ModuleStack(Testing.app(), 'module'))) as StackJson;
  const example = await parse('examples/complete/main.tf', COMPLETE_EXAMPLE);
  const modules = Object.values((example.module ?? {}) as Record<string, Record<string, unknown>[]>);
  const providers = (example.provider?.aws ?? []) as Record<string, unknown>[];
  if (modules.length !== 1 || providers.length !== 1) throw new ExpressionError('examples/complete should call the module once, with one AWS provider');
  const { source: _source, ...variables } = modules[0][0];
  const accounts = providers[0].allowed_account_ids as string[] | undefined;
  if (typeof providers[0].region !== 'string' || accounts?.length !== 1) {
    throw new ExpressionError("examples/complete's provider should name its region and exactly one allowed account: the proof needs both");
  }
  return new ProofSubject('module example', stack, providerLocation(providers[0].region, accounts[0]), variables);
}

/**
 * @cdktf/hcl2json gives every block as a list (`resource.<type>.<name>[0]`); Terraform JSON, which
 * the synthesized stacks are, gives one object per name.
 */
function normalizeHclJson(parsed: Record<string, any>): StackJson {
  const firstOfEach = (blocks: Record<string, Record<string, unknown>[]> = {}) => Object.fromEntries(Object.entries(blocks).map(([name, list]) => [name, list[0]]));
  const byType = (types: Record<string, Record<string, Record<string, unknown>[]>> = {}) => Object.fromEntries(Object.entries(types).map(([type, blocks]) => [type, firstOfEach(blocks)]));
  return {
    provider: parsed.provider,
    variable: firstOfEach(parsed.variable),
    locals: Object.assign({}, ...((parsed.locals ?? []) as Record<string, unknown>[])),
    data: byType(parsed.data),
    resource: byType(parsed.resource),
  };
}
