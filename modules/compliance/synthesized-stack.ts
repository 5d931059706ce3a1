import { policyDocumentIdsOf, SynthesizedStatement, synthesizedStatements } from '../synthesized-policies';
import { escapeRegExp } from './rule-helpers';

/** One resource of the synthesized JSON. */
export interface SynthesizedResource {
  readonly type: string;
  readonly id: string;
  /** `type.id`: the Terraform address. */
  readonly address: string;
  readonly config: Readonly<Record<string, any>>;
}

type StackJson = {
  data?: Record<string, Record<string, any>>;
  resource?: Record<string, Record<string, Record<string, any>>>;
};

/**
 * Read-only questions the compliance rules ask of a synthesized stack (`cdk.tf.json`, parsed).
 * Rules judge what Terraform will be given, so a construct that drifts from its intent is caught.
 */
export class SynthesizedStack {
  private readonly statementsByDocument: Map<string, SynthesizedStatement[]>;

  constructor(public readonly json: StackJson) {
    this.statementsByDocument = new Map();
    for (const statement of synthesizedStatements(json)) {
      const list = this.statementsByDocument.get(statement.documentId) ?? [];
      list.push(statement);
      this.statementsByDocument.set(statement.documentId, list);
    }
  }

  resources(type: string): SynthesizedResource[] {
    return Object.entries(this.json.resource?.[type] ?? {}).map(([id, config]) => ({ type, id, address: `${type}.${id}`, config }));
  }

  /** Every policy statement of the stack. */
  statements(): SynthesizedStatement[] {
    return [...this.statementsByDocument.values()].flat();
  }

  /**
   * The statements of the policy document an attribute such as `policy` points to, or undefined when
   * it is not one. For a policy a plan-time switch picks from two documents, those of either: a
   * rule holds for both of the policies the module may apply.
   */
  statementsOf(policyAttribute: unknown): SynthesizedStatement[] | undefined {
    return policyDocumentIdsOf(policyAttribute)?.flatMap((documentId) => this.statementsByDocument.get(documentId) ?? []);
  }

  /** The bucket resource with this name, if the stack creates it. */
  bucketNamed(name: string): SynthesizedResource | undefined {
    return this.resources('aws_s3_bucket').find((bucket) => bucket.config.bucket === name);
  }

  /**
   * The resources of `type` configured for `bucket`: those whose `bucket` argument is the bucket's
   * name or a reference to the bucket resource (`${aws_s3_bucket.<id>.id}` or `.bucket`).
   */
  settingsOf(bucket: SynthesizedResource, type: string): SynthesizedResource[] {
    return this.resources(type).filter((setting) => refersTo(setting.config.bucket, bucket));
  }

  /** Whether a value is a reference to `resource`, or holds its name. */
  refersTo(value: unknown, resource: SynthesizedResource): boolean {
    return refersTo(value, resource);
  }
}

function refersTo(value: unknown, resource: SynthesizedResource): boolean {
  if (typeof value !== 'string') return false;
  if (resource.type === 'aws_s3_bucket' && value === resource.config.bucket) return true;
  return new RegExp(`^\\$\\{${escapeRegExp(resource.address)}\\.[a-z_]+\\}`).test(value);
}
