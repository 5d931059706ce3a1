import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { Testing } from 'cdktf';
import { EnvironmentSettings } from '../../../stacks/environment-schema';
import { environmentStacks } from '../../../stacks/environment-stacks';
import { logArchiveStackName } from '../../../stacks/resource-names';
import { ModuleStack } from '../../../stacks/module-stack';
import { MODULE_EXAMPLES } from '../module-example';
import { PROJECT_ROOT } from '../project-root';
import { ProofSubject, ProofSubjectOptions } from './proof-subject';
import { locationOfEnvironmentStack, providerLocation, StackJson } from './stack-scope';
import { ExpressionError } from './terraform-expression';

/** The log-archive account's side of replication, which users apply there (README, "Replication to a log-archive account"). */
export const LOG_ARCHIVE_RECIPE = path.join(PROJECT_ROOT, 'examples', 'log-archive-account', 'main.tf');

/**
 * An environment under proof: its trail's stack, which reaches the environment's log-archive stack
 * (its bucket and key) and the log-archive account's side of replication; or the log-archive stack
 * alone while the trail's stack waits for the archive's key.
 */
export async function environmentSubject(env: EnvironmentSettings): Promise<ProofSubject> {
  return subjectOfEnvironmentStacks(env, environmentStackJsons(env));
}

/** The synthesized stacks of an environment, by stack name. */
export function environmentStackJsons(env: EnvironmentSettings): Map<string, StackJson> {
  return new Map(environmentStacks(Testing.app(), env).map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack)) as StackJson]));
}

/** The same from already synthesized stacks (a test that breaks one statement of them on purpose). */
export async function subjectOfEnvironmentStacks(env: EnvironmentSettings, stacks: Map<string, StackJson>): Promise<ProofSubject> {
  const organization = env.organization && { id: env.organization.id, managementAccountId: env.accountId, memberAccountIds: env.organization.memberAccountIds };
  const archiveJson = stacks.get(logArchiveStackName(env.name));
  const archive = archiveJson && (await subjectOfEnvironmentStack(logArchiveStackName(env.name), archiveJson, [], { organization, known: { keyIds: archiveKeyIds(archiveJson, env.logArchive?.kmsKeyArn) } }));
  const trailJson = stacks.get(env.name);
  if (!trailJson) return archive as ProofSubject;
  return subjectOfEnvironmentStack(env.name, trailJson, archive ? [archive] : [], { organization });
}

/** The archive's key is the one whose ARN the definition gives the trail (the archive stack's kms_key_arn output). */
function archiveKeyIds(archive: StackJson, kmsKeyArn: string | undefined): Record<string, string> {
  const keys = Object.keys(archive.resource?.aws_kms_key ?? {});
  if (!kmsKeyArn) return {};
  if (keys.length !== 1) throw new ExpressionError(`the log-archive stack has ${keys.length} keys; expected one`);
  return { [keys[0]]: kmsKeyArn.split('/').pop() as string };
}

/** One synthesized stack of an environment, with the log-archive account's side when it replicates to another account. */
export async function subjectOfEnvironmentStack(name: string, stack: StackJson, siblings: ProofSubject[] = [], options: ProofSubjectOptions = {}): Promise<ProofSubject> {
  const location = locationOfEnvironmentStack(stack);
  const probe = new ProofSubject(name, stack, location, {}, siblings, options);
  const archives = await Promise.all(
    probe.instances('aws_s3_bucket_replication_configuration').flatMap((configuration) => {
      const destination = (configuration.attributes.rule as { destination: { bucket: string; account?: string; encryption_configuration: { replica_kms_key_id: string } } }[])[0].destination;
      if (!destination.account || destination.account === location.accountId) return [];
      return [logArchiveSubject(`${name}'s log-archive account`, destination.bucket, destination.account, destination.encryption_configuration.replica_kms_key_id.split(':')[3], [configuration.attributes.role as string])];
    }),
  );
  return archives.length === 0 ? probe : new ProofSubject(name, stack, location, {}, [...siblings, ...archives], options);
}

/** examples/log-archive-account, applied in the destination's account and region for these replication roles. */
export async function logArchiveSubject(name: string, bucketArn: string, accountId: string, region: string, replicationRoleArns: string[]): Promise<ProofSubject> {
  const stack = normalizeHclJson(await parse('main.tf', readFileSync(LOG_ARCHIVE_RECIPE, 'utf8')));
  return new ProofSubject(name, stack, providerLocation(region, accountId), {
    archive_bucket_name: bucketArn.split(':::')[1],
    replication_role_arns: replicationRoleArns,
  });
}

/**
 * An account of the organization other than the management account, for the module's
 * organization examples: the module names no member (an organization trail records them all), so
 * the proof writes one representative member's log files and streams.
 */
export const REPRESENTATIVE_MEMBER_ACCOUNT = '777788889999';

/** The exported module, applied as one of its examples (examples/<folder>) applies it, with that example's values. */
export async function moduleExampleSubject(folder = 'complete'): Promise<ProofSubject> {
  const text = MODULE_EXAMPLES[folder];
  if (text === undefined) throw new ExpressionError(`the module has no example ${folder}; it has ${Object.keys(MODULE_EXAMPLES).join(', ')}`);
  const stack = JSON.parse(Testing.synth(new ModuleStack(Testing.app(), 'module'))) as StackJson;
  const example = await parse(`examples/${folder}/main.tf`, text);
  const modules = Object.values((example.module ?? {}) as Record<string, Record<string, unknown>[]>);
  const providers = (example.provider?.aws ?? []) as Record<string, unknown>[];
  if (modules.length !== 1 || providers.length !== 1) throw new ExpressionError(`examples/${folder} should call the module once, with one AWS provider`);
  const { source: _source, ...variables } = modules[0][0];
  const accounts = providers[0].allowed_account_ids as string[] | undefined;
  if (typeof providers[0].region !== 'string' || accounts?.length !== 1) {
    throw new ExpressionError(`examples/${folder}'s provider should name its region and exactly one allowed account: the proof needs both`);
  }
  const given = variables.organization as { id: string; management_account_id?: string } | null | undefined;
  const organization = given
    ? { id: given.id, managementAccountId: given.management_account_id ?? accounts[0], memberAccountIds: [REPRESENTATIVE_MEMBER_ACCOUNT] }
    : undefined;
  return new ProofSubject(moduleSubjectName(folder), stack, providerLocation(providers[0].region, accounts[0]), variables, [], { organization });
}

/** How the proof names the module applied as examples/<folder>. */
export function moduleSubjectName(folder: string): string {
  return folder === 'complete' ? 'module example' : `module example ${folder}`;
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
