import { COMPLIANCE_RULES } from './pack';
import { ComplianceRule, RuleContext, RuleLevel } from './rule';
import { SynthesizedStack } from './synthesized-stack';

/** A written decision to accept one rule's findings, on one resource or on the whole stack. */
export interface Suppression {
  readonly rule: string;
  /** Terraform address the finding names; all of the rule's findings when left out. */
  readonly resource?: string;
  readonly reason: string;
}

export interface Finding {
  readonly rule: string;
  readonly level: RuleLevel;
  readonly scannerIds: readonly string[];
  readonly resource: string;
  readonly message: string;
}

export interface SuppressedFinding {
  readonly rule: string;
  readonly scannerIds: readonly string[];
  readonly resource: string;
  readonly reason: string;
}

/** A rule that does not apply to a stack of this shape, and why. */
export interface NotApplicable {
  readonly rule: string;
  readonly reason: string;
}

/** What `compliance.json` holds for one stack, field for field. */
export interface ComplianceReport {
  readonly stack: string;
  readonly findings: readonly Finding[];
  readonly suppressions: readonly SuppressedFinding[];
  /** Rules that judge what this stack does not hold (the environment's shape puts it in another stack or trail). */
  readonly notApplicable: readonly NotApplicable[];
  /** An organization trail's stack: the accounts its trail rules hold for besides the stack's own. */
  readonly coveredAccounts?: readonly string[];
}

export function evaluateCompliance(
  stackName: string,
  stackJson: object,
  context: RuleContext,
  suppressions: readonly Suppression[] = [],
  rules: readonly ComplianceRule[] = COMPLIANCE_RULES,
): ComplianceReport {
  const stack = new SynthesizedStack(stackJson);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const notApplicable: NotApplicable[] = [];
  for (const rule of rules) {
    const missing = (rule.needs ?? []).find((need) => context.elsewhere?.[need] !== undefined);
    if (missing) {
      notApplicable.push({ rule: rule.id, reason: context.elsewhere?.[missing] as string });
      continue;
    }
    for (const violation of rule.check(stack, context)) {
      const suppression = suppressions.find((s) => s.rule === rule.id && (s.resource === undefined || s.resource === violation.resource));
      if (suppression) {
        suppressed.push({ rule: rule.id, scannerIds: rule.scannerIds, resource: violation.resource, reason: suppression.reason });
      } else {
        findings.push({ rule: rule.id, level: rule.level, scannerIds: rule.scannerIds, resource: violation.resource, message: violation.message });
      }
    }
  }
  return { stack: stackName, findings, suppressions: suppressed, notApplicable, ...(context.coveredAccounts && { coveredAccounts: context.coveredAccounts }) };
}

/** `[rule id] resource: what is wrong — how to fix`: how synth prints a finding. */
export function formatFinding(finding: Finding, rules: readonly ComplianceRule[] = COMPLIANCE_RULES): string {
  const fix = rules.find((rule) => rule.id === finding.rule)?.fix;
  return `[${finding.rule}] ${finding.resource}: ${finding.message}${fix ? ` — ${fix}` : ''}`;
}
