import type { Interaction } from './interaction';
import { interactionsFor } from './interactions';
import type { ProofSubject } from './proof-subject';
import { simulate, SimulationOutcome } from './simulator';

/** What the simulator decided for one interaction, and whether that is what the stack promises. */
export interface Verdict {
  readonly interaction: Interaction;
  readonly outcome: SimulationOutcome;
  readonly met: boolean;
}

/** A statement of one of the proof's policies: the document's name and the statement's Sid (or position). */
export interface StatementName {
  readonly policy: string;
  readonly sid: string;
}

export interface Judgement {
  readonly subject: ProofSubject;
  readonly verdicts: readonly Verdict[];
  /** Every statement of every policy the proof judges, here and in the other accounts. */
  readonly statements: readonly StatementName[];
  /** The interactions each statement decided, among those that went as promised; keyed by `policy#sid`. */
  readonly provenBy: ReadonlyMap<string, readonly Verdict[]>;
}

export function statementKey(statement: StatementName): string {
  return `${statement.policy}#${statement.sid}`;
}

/** How a Sid-less statement is named: its position, so that it still counts (and fails) as unreached. */
function sidOrPosition(sid: string | undefined, index: number): string {
  return sid ?? `statement ${index + 1}`;
}

export function met(interaction: Interaction, outcome: SimulationOutcome): boolean {
  switch (interaction.expect) {
    case 'allowed':
      return outcome.decision === 'Allowed';
    case 'denied':
      return outcome.decision !== 'Allowed';
    case 'refused by a deny':
      return outcome.decision === 'ExplicitlyDenied';
  }
}

/** Runs every interaction of a stack through the simulator. */
export async function judge(subject: ProofSubject, interactions: readonly Interaction[] = interactionsFor(subject)): Promise<Judgement> {
  const verdicts: Verdict[] = [];
  for (const interaction of interactions) {
    const outcome = await simulate(interaction.request);
    verdicts.push({ interaction, outcome, met: met(interaction, outcome) });
  }
  const statements = subject.allPolicies().flatMap((policy) => policy.document.Statement.map((statement, index) => ({ policy: policy.name, sid: sidOrPosition(statement.Sid, index) })));
  const known = new Set(statements.map(statementKey));
  const provenBy = new Map<string, Verdict[]>();
  for (const verdict of verdicts) {
    if (!verdict.met) continue;
    for (const deciding of verdict.outcome.decidedBy) {
      const key = statementKey({ policy: deciding.policy, sid: sidOrPosition(deciding.sid, deciding.index) });
      if (!known.has(key)) continue; // a caller's own identity policy (an administrator's), not the stack's
      provenBy.set(key, [...(provenBy.get(key) ?? []), verdict]);
    }
  }
  return { subject, verdicts, statements, provenBy };
}

/** Interactions whose decision is not the one promised, each with what happened. */
export function failures(judgement: Judgement): string[] {
  return judgement.verdicts
    .filter((verdict) => !verdict.met)
    .map(({ interaction, outcome }) => {
      const by = outcome.decidedBy.map((statement) => `${statement.policy}#${statement.sid ?? '?'}`).join(', ');
      return `${interaction.id}: expected ${interaction.expect}, was ${outcome.decision}${by ? ` (by ${by})` : ''} — ${interaction.says}`;
    });
}

/** Statements no interaction reached: nothing proves them needed, or nothing proves what they refuse. */
export function unreachedStatements(judgement: Judgement): string[] {
  return judgement.statements.filter((statement) => !judgement.provenBy.has(statementKey(statement))).map(statementKey);
}
