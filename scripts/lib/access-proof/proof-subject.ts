import { bucketArnOf, PolicyKind, renderedPolicies, RenderedPolicy, roleArnOf, stackScope } from './rendered-policies';
import type { NamedPolicy } from './simulator';
import { Instance, KnownIds, ProviderLocation, StackJson, StackScope } from './stack-scope';
import { ExpressionError } from './terraform-expression';

/**
 * A stack under proof: its values, its rendered policies, and where each applies. Interactions
 * read the resources from here, so every ARN a request names comes from the stack itself.
 */
export class ProofSubject {
  readonly scope: StackScope;
  readonly policies: readonly RenderedPolicy[];

  constructor(
    /** How tests and reports name it: an environment's name, or the module example. */
    readonly name: string,
    stack: StackJson,
    readonly location: ProviderLocation,
    variables: Record<string, unknown> = {},
    /**
     * Stacks of other accounts whose resources this one's interactions reach: the log-archive
     * stack of the environment, the log-archive account's side of replication.
     */
    readonly otherAccounts: readonly ProofSubject[] = [],
    readonly options: ProofSubjectOptions = {},
  ) {
    this.scope = stackScope(stack, location, variables, options.known);
    this.policies = renderedPolicies(this.scope);
  }

  /** The account that owns the stack's trail: the management account for an organization trail, whoever creates it. */
  get trailOwnerAccountId(): string {
    return this.options.organization?.managementAccountId ?? this.accountId;
  }

  /** The subject, this one or another account's, whose stack creates a bucket of that name. */
  holderOfBucket(bucketName: string): ProofSubject | undefined {
    return this.allStacks().find((subject) => subject.instances('aws_s3_bucket').some((bucket) => bucket.attributes.bucket === bucketName));
  }

  get accountId(): string {
    return this.location.accountId;
  }

  get partition(): string {
    return this.location.partition;
  }

  instances(type: string): Instance[] {
    return this.scope.instances(type);
  }

  /** This stack and every stack of another account it reaches, each once. */
  allStacks(): ProofSubject[] {
    const seen: ProofSubject[] = [];
    const visit = (subject: ProofSubject) => {
      if (seen.includes(subject)) return;
      seen.push(subject);
      subject.otherAccounts.forEach(visit);
    };
    visit(this);
    return seen;
  }

  /** The policy of one kind that belongs to a resource, here or in another stack of the proof. */
  policyOf(kind: PolicyKind, arn: string): NamedPolicy | undefined {
    for (const subject of this.allStacks()) {
      const found = subject.policies.filter((policy) => policy.attachedTo.some((attachment) => attachment.kind === kind && attachment.arn === arn));
      if (found.length > 1) throw new ExpressionError(`${arn} has ${found.length} ${kind}s; AWS keeps one`);
      if (found[0]) return { name: found[0].name, document: found[0].document };
    }
    return undefined;
  }

  /** Every identity policy of a role of the stack: inline policies and attached managed policies. */
  identityPoliciesOf(roleArn: string): NamedPolicy[] {
    const inline = this.policies.filter((policy) => policy.attachedTo.some((a) => a.kind === 'role policy' && a.arn === roleArn));
    const managedArns = this.instances('aws_iam_role_policy_attachment')
      .filter((attachment) => roleArnOf(attachment.attributes.role as string, this.scope) === roleArn)
      .map((attachment) => attachment.attributes.policy_arn as string);
    const managed = managedArns.map((arn) => {
      const policy = this.policyOf('managed policy', arn);
      if (!policy) throw new ExpressionError(`${roleArn} has the managed policy ${arn} attached, which the stack does not define`);
      return policy;
    });
    return [...inline.map((policy) => ({ name: policy.name, document: policy.document })), ...managed];
  }

  /** The one instance of a type; fails naming the type when there are none or several. */
  only(type: string): Instance {
    const found = this.instances(type);
    if (found.length !== 1) throw new ExpressionError(`${this.name}: expected one ${type}, found ${found.length}`);
    return found[0];
  }

  bucketArn(bucketName: string): string {
    return bucketArnOf(bucketName, this.scope);
  }

  /** Every policy that takes effect, here and in the other stacks of the proof. */
  allPolicies(): RenderedPolicy[] {
    return this.allStacks().flatMap((subject) => subject.policies);
  }
}

/** What the definition says of a stack that its resources do not: the organization it serves, ids another stack was given. */
export interface ProofSubjectOptions {
  readonly organization?: { readonly id: string; readonly managementAccountId: string; readonly memberAccountIds: readonly string[] };
  readonly known?: KnownIds;
}

/** ARN of an attribute that holds a log group ARN as CloudTrail takes it (with `:*`). */
export function withoutWildcardSuffix(arn: string): string {
  return arn.replace(/:\*$/, '');
}
