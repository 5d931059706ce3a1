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
  /**
   * What this stack does not hold because the environment's shape puts it elsewhere, each with
   * where: a rule that needs it is reported as not applicable, with that reason, rather than passed.
   * @default none: the stack holds the trail, the log bucket, the detections, and management events are recorded
   */
  readonly elsewhere?: Partial<Readonly<Record<RuleNeed, string>>>;
  /** The organization of an organization trail. */
  readonly organizationId?: string;
  /** The log-archive key the trail encrypts with, when the log bucket is in a log archive. */
  readonly logArchiveKmsKeyArn?: string;
  /** The accounts whose management events the stack's trail records besides its own (an organization trail). */
  readonly coveredAccounts?: readonly string[];
}

/**
 * What a rule judges: the trail, the log bucket, the detections (log group, alarms, topics), and the
 * recording of management events. A stack of a shape without one (the log-archive stack has no
 * trail; a trail beside Control Tower's records no management events) marks the rule not applicable.
 */
export type RuleNeed = 'trail' | 'logBucket' | 'detections' | 'managementEvents';

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
  /** What the rule judges; it does not apply to a stack that holds none of it. @default nothing: it applies to every stack */
  readonly needs?: readonly RuleNeed[];
  check(stack: SynthesizedStack, context: RuleContext): Violation[];
}
