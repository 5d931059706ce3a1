import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOCUMENTED_EXAMPLES } from '../../stacks/documented-examples';
import type { EnvironmentInput, EnvironmentSettings } from '../../stacks/environment-schema';
import { EXAMPLES_DIR, exampleDefinitions } from '../../scripts/lib/example-definitions';
import { ENVIRONMENTS } from '../../stacks/environments';
import { parseEnvironments } from '../../stacks/load-environments';
import type { ProofSubject } from '../../scripts/lib/access-proof/proof-subject';
import { environmentSubject, moduleExampleSubject, moduleSubjectName } from '../../scripts/lib/access-proof/subjects';
import { MODULE_EXAMPLES } from '../../scripts/lib/module-example';

const README_EXAMPLE = DOCUMENTED_EXAMPLES[0];

/**
 * Every option at once: paging, a chat channel, Object Lock, replication to a log-archive account,
 * every bucket watched with reads, the fast path to both topics. The shipped environments each have only some.
 */
export const EVERY_OPTION: EnvironmentInput = {
  ...README_EXAMPLE,
  name: 'every-option',
  watchedBuckets: 'all',
  dataEventReadWriteType: 'All',
  fastPath: true,
  objectLock: { mode: 'GOVERNANCE', retentionDays: 365 },
  replication: {
    destinationBucketArn: 'arn:aws:s3:::acme-archive-666666666666',
    destinationAccountId: '666666666666',
    destinationKmsKeyArn: 'arn:aws:kms:eu-west-1:666666666666:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
  },
};

/**
 * The same in the China partition (no chat: Chatbot is not offered there), where ARNs and regional
 * service principals differ. No fast path: no AWS page this project found names EventBridge's
 * service principal in the China regions, so the proof would only repeat the global one.
 */
export const EVERY_OPTION_IN_CHINA: EnvironmentInput = {
  ...EVERY_OPTION,
  name: 'every-option-cn',
  region: 'cn-north-1',
  chatChannel: undefined,
  fastPath: false,
  objectLock: { mode: 'COMPLIANCE', retentionDays: 365 },
  replication: {
    destinationBucketArn: 'arn:aws-cn:s3:::acme-archive-777777777777',
    destinationAccountId: '777777777777',
    destinationKmsKeyArn: 'arn:aws-cn:kms:cn-northwest-1:777777777777:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
  },
};

/**
 * An organization trail created by a CloudTrail delegated administrator (the README's
 * recommendation): the stack, its log group and role are in the administrator's account, and the
 * management account owns the trail, so every policy names the management account's trail.
 */
export function delegatedAdministratorOrganization(): EnvironmentInput {
  const [org] = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, 'organization-trail.json'), 'utf8')) as EnvironmentInput[];
  return { ...org, name: 'org-delegated', organization: { ...(org.organization as { id: string }), delegatedAdministratorAccountId: '222233334444' } };
}

/**
 * The environments the access-proof tier judges, by label: shipped, the README's, every option on,
 * a delegated administrator, by name; examples/, by name and file, since a starting definition may
 * reuse a shipped environment's name.
 */
function accessEnvironments(): Map<string, EnvironmentSettings> {
  const inputs = [...ENVIRONMENTS, ...DOCUMENTED_EXAMPLES, EVERY_OPTION, EVERY_OPTION_IN_CHINA, delegatedAdministratorOrganization()];
  const named = inputs.map((input) => parseEnvironments([input])[0]).map((env) => [env.name, env] as const);
  const examples = [...exampleDefinitions()].flatMap(([file, envs]) => envs.map((env) => [`${env.name} (examples/${file})`, env] as const));
  return new Map([...named, ...examples]);
}

const MODULE_SUBJECTS = new Map(Object.keys(MODULE_EXAMPLES).map((folder) => [moduleSubjectName(folder), folder]));

export const ACCESS_SUBJECTS = [...accessEnvironments().keys(), ...MODULE_SUBJECTS.keys()];

export async function accessSubject(name: string): Promise<ProofSubject> {
  const moduleFolder = MODULE_SUBJECTS.get(name);
  if (moduleFolder !== undefined) return moduleExampleSubject(moduleFolder);
  const env = accessEnvironments().get(name);
  if (!env) throw new Error(`no environment ${name}`);
  return environmentSubject(env);
}
