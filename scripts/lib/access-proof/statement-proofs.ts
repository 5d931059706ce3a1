import type { AwsPage } from '../../../modules/policy-sources';
import { Judgement, statementKey } from './judge';
import type { RenderedPolicy } from './rendered-policies';

/** One kind of interaction that a statement decided, as the policy reference lists it. */
export interface StatementProof {
  readonly kind: string;
  /** The first interaction of that kind, as an example. */
  readonly says: string;
  readonly expect: string;
  readonly source: AwsPage;
}

/** For each statement (`<document path>#<sid>`), the kinds of interaction it decided, over every judged stack. */
export type StatementProofs = ReadonlyMap<string, readonly StatementProof[]>;

export function statementProofs(judgements: readonly Judgement[]): StatementProofs {
  const proofs = new Map<string, Map<string, StatementProof>>();
  for (const judgement of judgements) {
    for (const [key, verdicts] of judgement.provenBy) {
      const kinds = proofs.get(key) ?? new Map<string, StatementProof>();
      proofs.set(key, kinds);
      for (const { interaction } of verdicts) {
        if (!kinds.has(interaction.kind)) kinds.set(interaction.kind, { kind: interaction.kind, says: interaction.says, expect: interaction.expect, source: interaction.source });
      }
    }
  }
  return new Map([...proofs].map(([key, kinds]) => [key, [...kinds.values()]]));
}

export function proofsOf(proofs: StatementProofs, policy: string, sid: string): readonly StatementProof[] {
  return proofs.get(statementKey({ policy, sid })) ?? [];
}

/** The policies of other accounts the judged stacks rely on (the log-archive recipe), each once. */
export function otherAccountPolicies(judgements: readonly Judgement[]): RenderedPolicy[] {
  const byName = new Map<string, RenderedPolicy>();
  for (const judgement of judgements) {
    for (const other of judgement.subject.otherAccounts) for (const policy of other.policies) byName.set(policy.name, policy);
  }
  return [...byName.values()];
}
