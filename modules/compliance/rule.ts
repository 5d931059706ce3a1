import { SynthesizedStack } from './synthesized-stack';

/** error: synth stops until fixed or suppressed with a reason. warning: printed and reported. */
export type RuleLevel = 'error' | 'warning';

/** What the environment asked for, which some rules hold the stack to. */
export interface RuleContext {
  /** Read data events were asked for (`dataEventReadWriteType: 'All'`). */
  readonly recordsDataEventReads: boolean;
  /** Object Lock was asked for on the log bucket. */
  readonly objectLock: boolean;
  /** Destructive changes are to be refused (`blockDestructiveChanges`). */
  readonly blockDestructiveChanges: boolean;
  readonly logBucketName: string;
  readonly accessLogBucketName?: string;
  readonly accountId: string;
}

/** One place the stack breaks a rule. */
export interface Violation {
  /** Terraform address in the synthesized JSON (`type.logicalId`), or the missing one expected. */
  readonly resource: string;
  readonly message: string;
}

export interface ComplianceRule {
  /** Stable id, also the rule's file name: what suppressions and reports name. */
  readonly id: string;
  readonly level: RuleLevel;
  /** One line: what the rule requires. */
  readonly description: string;
  /** The same check in public scanners: Checkov `CKV_*` / `CKV2_*`, Trivy `AVD-AWS-*`. */
  readonly scannerIds: readonly string[];
  /** CIS AWS Foundations / Security Hub controls it corresponds to, where one does. */
  readonly controls?: readonly string[];
  /** How to fix a violation. */
  readonly fix: string;
  check(stack: SynthesizedStack, context: RuleContext): Violation[];
}
