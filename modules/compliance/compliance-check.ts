import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Construct } from 'constructs';
import { Aspects, DefaultTokenResolver, ISynthesisSession, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { ComplianceReport, evaluateCompliance, formatFinding, Suppression } from './evaluate';
import { COMPLIANCE_RULES } from './pack';
import { ComplianceRule, RuleContext } from './rule';

export interface ComplianceCheckProps {
  readonly context: RuleContext;
  /**
   * Findings the environment accepts, each with its reason.
   * @default none
   */
  readonly suppressions?: readonly Suppression[];
  /**
   * @default COMPLIANCE_RULES
   */
  readonly rules?: readonly ComplianceRule[];
  /**
   * Where warnings and the suppressions in force are printed at synth.
   * @default console.warn
   */
  readonly print?: (line: string) => void;
}

/** The file written beside each stack's cdk.tf.json. */
export const COMPLIANCE_REPORT_FILE = 'compliance.json';

/**
 * Holds a stack to the compliance pack at synth, through cdktf's own validation: an error-level
 * finding fails `app.synth()` before the stack's files are written, naming the rule, the resource
 * and the fix. After a successful synth it writes compliance.json beside cdk.tf.json and prints the
 * warnings and suppressions in force.
 */
export class ComplianceCheck extends Construct {
  private report?: ComplianceReport;
  /** The stack's JSON the report judged, and how many constructs the stack had then. */
  private judged?: { readonly json: object; readonly constructs: number };

  constructor(private readonly stack: TerraformStack, id: string, private readonly props: ComplianceCheckProps) {
    super(stack, id);
    this.node.addValidation({
      validate: () => {
        const report = this.evaluate();
        return report.findings.filter((finding) => finding.level === 'error').map((finding) => formatFinding(finding, this.rules));
      },
    });
    // Wrapped rather than replaced: the stack's own synthesizer runs validation and writes
    // cdk.tf.json; the report is written only once that has succeeded.
    const synthesizer = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session: ISynthesisSession) => {
        this.withJudgedJson(() => synthesizer.synthesize(session));
        this.writeReport(session);
      },
    };
  }

  private get rules(): readonly ComplianceRule[] {
    return this.props.rules ?? COMPLIANCE_RULES;
  }

  /** Evaluates the finished stack once; validation and the report read the same result. */
  public evaluate(): ComplianceReport {
    if (!this.report) {
      const json = this.stack.toTerraform();
      this.judged = { json, constructs: this.stack.node.findAll().length };
      // Resolved: on the exported module the names are Terraform expressions, as the JSON holds them.
      const context = Tokenization.resolve(this.props.context, {
        scope: this.stack,
        resolver: new DefaultTokenResolver(new StringConcat()),
      }) as RuleContext;
      this.report = evaluateCompliance(this.stack.node.id, json, context, this.props.suppressions, this.rules);
    }
    return this.report;
  }

  /**
   * Runs the stack's own synthesizer, handing it the JSON the check has already resolved while the
   * stack is still as it was then: resolving the stack is most of what synthesizing it costs, and
   * this way the file written is exactly the one judged. Anything that can have changed the tree
   * since (a construct added, such as the default backend or a cross-stack output, or any aspect)
   * means resolving again, as cdktf alone would.
   */
  private withJudgedJson(synthesize: () => void): void {
    const stack = this.stack;
    const resolve = stack.toTerraform;
    stack.toTerraform = () => (this.judged && this.unchangedSinceJudged(this.judged) ? this.judged.json : resolve.call(stack));
    try {
      synthesize();
    } finally {
      Reflect.deleteProperty(stack, 'toTerraform');
    }
  }

  private unchangedSinceJudged(judged: { readonly constructs: number }): boolean {
    const constructs = this.stack.node.findAll();
    return constructs.length === judged.constructs && [...this.stack.node.scopes, ...constructs].every((c) => Aspects.of(c).all.length === 0);
  }

  private writeReport(session: ISynthesisSession): void {
    const report = this.evaluate();
    const directory = path.join(session.outdir, session.manifest.forStack(this.stack).workingDirectory);
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, COMPLIANCE_REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
    const print = this.props.print ?? ((line: string) => console.warn(line));
    for (const finding of report.findings.filter((f) => f.level === 'warning')) print(`Warning: ${report.stack}: ${formatFinding(finding, this.rules)}`);
    for (const suppression of report.suppressions) {
      print(`Suppressed: ${report.stack}: [${suppression.rule}] ${suppression.resource}: ${suppression.reason}`);
    }
  }
}
