import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AwsLocation } from '../../modules/arns';
import { EnvironmentStack } from '../../stacks/environment-stack';
import { EnvironmentSettings } from '../../stacks/environment-schema';

/** A synthesized stack, parsed, with look-ups by resource type and by the `${type.name.attr}` references. */
export class Plan {
  constructor(public readonly json: any) {}

  static ofScope(build: (scope: Construct) => void): Plan {
    return new Plan(JSON.parse(Testing.synthScope(build)));
  }

  static ofEnvironment(env: EnvironmentSettings): Plan {
    const app = Testing.app();
    return new Plan(JSON.parse(Testing.synth(new EnvironmentStack(app, env))));
  }

  /** Every resource of a type, by logical id. */
  resources(type: string): Record<string, any> {
    return this.json.resource?.[type] ?? {};
  }

  /** The one resource of a type; fails when there are none or several. */
  only(type: string): any {
    const all = Object.values(this.resources(type));
    if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
    return all[0];
  }

  /**
   * The one resource of a type created under a construct path, e.g. `('aws_s3_bucket',
   * 'AuditTrail/LogBucket')`: logical ids are the path joined by `_` plus a hash.
   */
  at(type: string, constructPath: string): any {
    const prefix = `${constructPath.replace(/\//g, '_')}_`;
    const found = Object.entries(this.resources(type)).filter(([id]) => id.startsWith(prefix) && !id.slice(prefix.length).includes('_'));
    if (found.length !== 1) throw new Error(`expected exactly one ${type} at ${constructPath}, found ${found.length}`);
    return found[0][1];
  }

  /** The logical id of the one resource of a type. */
  idOf(type: string): string {
    const ids = Object.keys(this.resources(type));
    if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
    return ids[0];
  }

  /** `${type.id.attribute}` for the one resource of a type: what a reference to it looks like. */
  ref(type: string, attribute: string): string {
    return `\${${type}.${this.idOf(type)}.${attribute}}`;
  }

  /**
   * The statements of the policy document a `policy` attribute points to, keyed by Sid,
   * in the shape IAM reads: `principals`, `actions`, `resources`, and `conditions` keyed `test variable`.
   */
  statements(policyReference: string): Record<string, Statement> {
    const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policyReference);
    if (!match) throw new Error(`not a policy document reference: ${policyReference}`);
    const document = this.json.data.aws_iam_policy_document[match[1]];
    const bySid: Record<string, Statement> = {};
    for (const statement of document.statement) {
      if (!statement.sid) throw new Error('every statement should have a sid');
      bySid[statement.sid] = {
        effect: statement.effect ?? 'Allow',
        principals: Object.fromEntries((statement.principals ?? []).map((p: any) => [p.type, p.identifiers])),
        actions: statement.actions ?? [],
        resources: statement.resources ?? [],
        conditions: Object.fromEntries(
          (statement.condition ?? []).map((c: any) => [`${c.test} ${c.variable}`, c.values]),
        ),
      };
    }
    return bySid;
  }
}

export interface Statement {
  effect: string;
  principals: Record<string, string[]>;
  actions: string[];
  resources: string[];
  conditions: Record<string, string[]>;
}

export const LOCATION: AwsLocation = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };
