import { DOCUMENTED_EXAMPLES } from '../../stacks/documented-examples';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { ENVIRONMENTS } from '../../stacks/environments';
import { parseEnvironments } from '../../stacks/load-environments';
import type { ProofSubject } from '../../scripts/lib/access-proof/proof-subject';
import { environmentSubject, moduleExampleSubject } from '../../scripts/lib/access-proof/subjects';

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

/** The stacks the access-proof tier judges, by name: the shipped ones, the README's, every option on, the module's example. */
export const ACCESS_SUBJECTS = [...ENVIRONMENTS, ...DOCUMENTED_EXAMPLES, EVERY_OPTION, EVERY_OPTION_IN_CHINA].map((env) => env.name).concat('module example');

export async function accessSubject(name: string): Promise<ProofSubject> {
  if (name === 'module example') return moduleExampleSubject();
  const input = [...ENVIRONMENTS, ...DOCUMENTED_EXAMPLES, EVERY_OPTION, EVERY_OPTION_IN_CHINA].find((env) => env.name === name);
  if (!input) throw new Error(`no environment ${name}`);
  return environmentSubject(parseEnvironments([input])[0]);
}
