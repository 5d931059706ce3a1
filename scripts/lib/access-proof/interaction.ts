import type { AwsPage } from '../../../modules/policy-sources';
import type { ProofSubject } from './proof-subject';
import type { SimulationRequest } from './simulator';

/**
 * One request a service or a person makes against the stack's resources, with what AWS must
 * decide: a service doing its job is allowed; a misuse is denied.
 */
export interface Interaction {
  /** What it proves, the same for every instance (every alarm, every topic): how docs group proofs. */
  readonly kind: string;
  /** Unique within a stack: the kind plus the resource it concerns. */
  readonly id: string;
  /** A sentence a reviewer reads: who does what to which resource. */
  readonly says: string;
  /** `refused by a deny` when a Deny statement must be what stops it (a statement that claims to refuse). */
  readonly expect: Expectation;
  readonly request: SimulationRequest;
  /** The AWS page that defines what the caller sends: its principal, action, resource and context. */
  readonly source: AwsPage;
  /** Pages for the rest of the request: an object key's format, a stream's name. */
  readonly alsoFrom?: readonly AwsPage[];
}

export type Expectation = 'allowed' | 'denied' | 'refused by a deny';

/** Builds the interactions of one part of a stack; returns none when the stack lacks that part. */
export type InteractionSource = (subject: ProofSubject) => Interaction[];

/** An account no stack of the proof uses: the "someone else" of every misuse. */
export const ANOTHER_ACCOUNT = '999999999999';

/** A day and time for log file names: any will do, as long as requests name a real-looking object. */
export const SAMPLE_TIME = { date: '2026/12/05', stamp: '20261205T1205Z', dashed: '2026-12-05-12-05-00' };

/** How clients call over HTTPS: every SDK request carries aws:SecureTransport true. */
export const OVER_TLS = { 'aws:SecureTransport': 'true' } as const;
export const OVER_PLAIN_HTTP = { 'aws:SecureTransport': 'false' } as const;

/** A region of the partition other than the stack's: where a multi-region trail also records. */
export function anotherRegion(subject: ProofSubject): string {
  const candidates: Record<string, string[]> = { aws: ['eu-west-1', 'us-west-2'], 'aws-cn': ['cn-northwest-1', 'cn-north-1'], 'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1'] };
  const region = (candidates[subject.partition] ?? []).find((candidate) => candidate !== subject.location.region);
  if (!region) throw new Error(`no second region known for partition ${subject.partition}`);
  return region;
}

/** A role of the account whose identity policy allows everything: an administrator. */
export function administrator(accountId: string, partition: string) {
  return {
    arn: `arn:${partition}:iam::${accountId}:role/administrator`,
    policies: [{ name: 'AdministratorAccess', document: { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: ['*'], Resource: ['*'] }] } }],
  };
}
