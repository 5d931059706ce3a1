import { createHash } from 'node:crypto';
import { partitionOf } from '../../../stacks/aws-regions';
import { convertToType, ExpressionError, evaluateValue, lazyObject, parseExpression, Scope } from './terraform-expression';

/** A synthesized stack (`cdk.tf.json`, parsed) as far as the access proof reads it. */
export interface StackJson {
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
  readonly variable?: Record<string, { default?: unknown; type?: string }>;
  readonly locals?: Record<string, unknown>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Where the stack's AWS provider points: what `data.aws_partition`, `aws_region` and `aws_caller_identity` return. */
export interface ProviderLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly dnsSuffix: string;
}

export function providerLocation(region: string, accountId: string): ProviderLocation {
  const partition = partitionOf(region);
  return { partition, region, accountId, dnsSuffix: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com' };
}

/** The location of an environment stack: its default provider's region and the one account it allows. */
export function locationOfEnvironmentStack(stack: StackJson): ProviderLocation {
  const provider = (stack.provider?.aws ?? []).find((block) => block.alias === undefined);
  const region = provider?.region;
  const accounts = provider?.allowed_account_ids;
  if (typeof region !== 'string' || !Array.isArray(accounts) || accounts.length !== 1) {
    throw new ExpressionError('the stack has no default AWS provider with a region and exactly one allowed account id');
  }
  return providerLocation(region, accounts[0] as string);
}

/** One instance of a resource or data source: one per `count` index or `for_each` key, or the only one. */
export interface Instance {
  readonly type: string;
  readonly logicalId: string;
  /** `count.index` or `each.key`, when the block has either. */
  readonly key?: number | string;
  /** Terraform's address, e.g. `aws_iam_role.Replication[0]`. */
  readonly address: string;
  /** Its arguments and the attributes AWS computes, evaluated when read. */
  readonly attributes: Record<string, unknown>;
  readonly location: ProviderLocation;
}

/**
 * How AWS forms the attributes of a resource that the stacks refer to but do not set: ARNs and ids.
 * Each follows the resource's ARN format in the Service Authorization Reference. A key's id is
 * chosen by KMS at creation: any id serves, as long as every policy and request that names the key
 * names the same one, so it is derived from the key's logical id (two keys never share one).
 */
const COMPUTED: Record<string, (arguments_: Record<string, unknown>, at: ProviderLocation, logicalId: string, known: KnownIds) => Record<string, () => unknown>> = {
  aws_s3_bucket: (args, at) => ({ id: () => args.bucket, arn: () => `arn:${at.partition}:s3:::${args.bucket}` }),
  aws_sns_topic: (args, at) => {
    const arn = () => `arn:${at.partition}:sns:${at.region}:${at.accountId}:${args.name}`;
    return { arn, id: arn };
  },
  aws_cloudwatch_log_group: (args, at) => ({ id: () => args.name, arn: () => `arn:${at.partition}:logs:${at.region}:${at.accountId}:log-group:${args.name}` }),
  aws_kms_key: (_args, at, logicalId, known) => {
    const keyId = known.keyIds?.[logicalId] ?? keyIdFor(logicalId);
    return { id: () => keyId, key_id: () => keyId, arn: () => `arn:${at.partition}:kms:${at.region}:${at.accountId}:key/${keyId}` };
  },
  aws_iam_role: (args, at) => ({ id: () => args.name, arn: () => `arn:${at.partition}:iam::${at.accountId}:role${args.path ?? '/'}${args.name}` }),
  aws_iam_policy: (args, at) => {
    const arn = () => `arn:${at.partition}:iam::${at.accountId}:policy${args.path ?? '/'}${args.name}`;
    return { arn, id: arn };
  },
  aws_cloudtrail: (args, at) => {
    const arn = () => `arn:${at.partition}:cloudtrail:${at.region}:${at.accountId}:trail/${args.name}`;
    return { arn, id: arn };
  },
  aws_cloudwatch_metric_alarm: (args, at) => ({ id: () => args.alarm_name, arn: () => `arn:${at.partition}:cloudwatch:${at.region}:${at.accountId}:alarm:${args.alarm_name}` }),
  // A rule on the default bus: arn:<partition>:events:<region>:<account>:rule/<name>.
  aws_cloudwatch_event_rule: (args, at) => ({ id: () => args.name, arn: () => `arn:${at.partition}:events:${at.region}:${at.accountId}:rule/${args.name}` }),
};

function keyIdFor(logicalId: string): string {
  const hex = createHash('sha256').update(logicalId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Ids AWS chose that another stack was told (a log archive's key, whose ARN the trail's definition
 * carries), by the logical id of the resource that has them.
 */
export interface KnownIds {
  readonly keyIds?: Readonly<Record<string, string>>;
}

/**
 * Every value of a synthesized stack, as Terraform would compute it for the given location and
 * input variables: the scope the stack's expressions are evaluated in.
 */
export class StackScope {
  private readonly instancesByType = new Map<string, Instance[]>();
  private readonly dataInstancesByType = new Map<string, Instance[]>();

  constructor(
    readonly stack: StackJson,
    readonly location: ProviderLocation,
    private readonly variables: Readonly<Record<string, unknown>> = {},
    /** Attributes of data sources other than the location ones, by type (the policy documents). */
    private readonly dataAttributes: Readonly<Record<string, (instance: { logicalId: string; arguments: Record<string, unknown> }) => Record<string, () => unknown>>> = {},
    private readonly known: KnownIds = {},
  ) {
    for (const name of Object.keys(variables)) {
      if (!(name in (stack.variable ?? {}))) throw new ExpressionError(`a value is given for var.${name}, which the stack does not declare`);
    }
  }

  /** The root names an expression of the stack starts from. */
  readonly scope: Scope = (name) => {
    switch (name) {
      case 'var':
        return lazyObject(Object.entries(this.stack.variable ?? {}).map(([variable, declaration]) => [variable, () => this.variable(variable, declaration)]));
      case 'local':
        return lazyObject(Object.entries(this.stack.locals ?? {}).map(([local, value]) => [local, () => evaluateValue(value, this.scope)]));
      case 'data':
        return lazyObject(Object.keys(this.stack.data ?? {}).map((type) => [type, () => this.blockValues(type, true)]));
      case 'count':
      case 'each':
      case 'self':
      case 'path':
      case 'terraform':
        throw new ExpressionError(`${name} is not available here`);
    }
    if (!this.stack.resource?.[name]) throw new ExpressionError(`the stack has no resource of type ${name}`);
    return this.blockValues(name, false);
  };

  private variable(name: string, declaration: { default?: unknown; type?: string }): unknown {
    let value: unknown;
    if (name in this.variables) value = this.variables[name];
    else if ('default' in declaration) value = declaration.default;
    else throw new ExpressionError(`var.${name} has no value: the stack declares it without a default, and none was given`);
    const type = declaration.type?.replace(/^\$\{(.*)\}$/s, '$1');
    return type ? convertToType(value, parseExpression(type), `var.${name}`) : value;
  }

  /** `{ <logical id>: instance attributes }`, or a list of them for a counted block, or a map for for_each. */
  private blockValues(type: string, isData: boolean): Record<string, unknown> {
    const blocks = (isData ? this.stack.data : this.stack.resource)?.[type] ?? {};
    return lazyObject(
      Object.keys(blocks).map((logicalId) => [
        logicalId,
        () => {
          const block = blocks[logicalId];
          const instances = this.instancesOf(type, logicalId, isData);
          if ('count' in block) return instances.map((instance) => instance.attributes);
          if ('for_each' in block) return Object.fromEntries(instances.map((instance) => [String(instance.key), instance.attributes]));
          return instances[0].attributes;
        },
      ]),
    );
  }

  /** Every instance of every block of a resource type (data sources with `data: true`). */
  instances(type: string, { data = false } = {}): Instance[] {
    const cache = data ? this.dataInstancesByType : this.instancesByType;
    let found = cache.get(type);
    if (!found) {
      const blocks = (data ? this.stack.data : this.stack.resource)?.[type] ?? {};
      found = Object.keys(blocks).flatMap((logicalId) => this.instancesOf(type, logicalId, data));
      cache.set(type, found);
    }
    return found;
  }

  private readonly instanceCache = new Map<string, Instance[]>();

  private instancesOf(type: string, logicalId: string, isData: boolean): Instance[] {
    const cacheKey = `${isData ? 'data.' : ''}${type}.${logicalId}`;
    const cached = this.instanceCache.get(cacheKey);
    if (cached) return cached;
    const block = ((isData ? this.stack.data : this.stack.resource)?.[type] ?? {})[logicalId];
    const { count, for_each: forEach, ...arguments_ } = block as Record<string, unknown>;
    const location = this.locationOf(block);
    const address = `${isData ? 'data.' : ''}${type}.${logicalId}`;
    let keys: { key?: number | string; each?: { key: string; value: unknown } }[];
    if (count !== undefined) {
      const n = evaluateValue(count, this.scope);
      if (typeof n !== 'number') throw new ExpressionError(`${address}: count is not a number`);
      keys = Array.from({ length: n }, (_, index) => ({ key: index }));
    } else if (forEach !== undefined) {
      const map = evaluateValue(forEach, this.scope);
      const entries: [string, () => unknown][] = Array.isArray(map)
        ? map.map((item) => [String(item), () => item])
        : Object.keys(map as object).map((key) => [key, () => (map as Record<string, unknown>)[key]]);
      keys = entries.map(([key, value]) => ({ key, each: lazyEach(key, value) }));
    } else {
      keys = [{}];
    }
    const instances = keys.map(({ key, each }): Instance => {
      const instanceScope: Scope = (name) => {
        if (name === 'count' && typeof key === 'number') return { index: key };
        if (name === 'each' && each) return each;
        return this.scope(name);
      };
      const evaluated = evaluateWithDynamicBlocks(arguments_, instanceScope);
      const computed = isData
        ? (this.dataAttributes[type] ?? locationAttributes(type, location))({ logicalId, arguments: evaluated })
        : (COMPUTED[type]?.(evaluated, location, logicalId, this.known) ?? {});
      const attributes = lazyObject([
        ...Object.keys(evaluated).map((name): [string, () => unknown] => [name, () => evaluated[name]]),
        ...Object.entries(computed),
      ]);
      return { type, logicalId, key, address: key === undefined ? address : `${address}[${JSON.stringify(key)}]`, attributes, location };
    });
    this.instanceCache.set(cacheKey, instances);
    return instances;
  }

  private locationOf(block: Record<string, unknown>): ProviderLocation {
    const alias = typeof block.provider === 'string' ? block.provider.replace(/^aws\./, '') : undefined;
    if (!alias) return this.location;
    const provider = (this.stack.provider?.aws ?? []).find((candidate) => candidate.alias === alias);
    if (!provider || typeof provider.region !== 'string') throw new ExpressionError(`no AWS provider with alias ${alias}`);
    return providerLocation(provider.region, this.location.accountId);
  }
}

function lazyEach(key: string, value: () => unknown): { key: string; value: unknown } {
  return lazyObject([['key', () => key], ['value', value]]) as { key: string; value: unknown };
}

/** The data sources that only say where the provider points. */
function locationAttributes(type: string, at: ProviderLocation): (instance: { logicalId: string }) => Record<string, () => unknown> {
  const attributes: Record<string, Record<string, () => unknown>> = {
    aws_partition: { partition: () => at.partition, dns_suffix: () => at.dnsSuffix, id: () => at.partition },
    aws_region: { name: () => at.region, region: () => at.region, id: () => at.region },
    aws_caller_identity: { account_id: () => at.accountId, id: () => at.accountId },
  };
  const found = attributes[type];
  return (instance) => {
    if (!found) throw new ExpressionError(`data.${type}.${instance.logicalId}: the access proof does not know what this data source returns`);
    return found;
  };
}

type DynamicBlock = { for_each: unknown; content: unknown };

/**
 * A block's arguments evaluated, its own `dynamic` blocks expanded as Terraform does: one block per
 * element of `for_each`, after the static blocks of the same type, with the iterator named after
 * the block type. A content whose for_each is empty is never evaluated (it may not be valid then).
 */
function evaluateWithDynamicBlocks(arguments_: Record<string, unknown>, scope: Scope): Record<string, unknown> {
  const { dynamic, ...rest } = arguments_;
  const evaluated = evaluateValue(rest, scope) as Record<string, unknown>;
  if (dynamic === undefined) return evaluated;
  const byType = dynamic as Record<string, DynamicBlock | DynamicBlock[]>;
  const expanded = (name: string) =>
    [byType[name]].flat().flatMap((block) => {
      const elements = evaluateValue(block.for_each, scope);
      const entries: [unknown, unknown][] = Array.isArray(elements) ? elements.map((value, index) => [index, value]) : Object.entries(elements as object);
      return entries.map(([key, value]) => evaluateValue(block.content, (id) => (id === name ? { key, value } : scope(id))));
    });
  const names = new Set([...Object.keys(evaluated), ...Object.keys(byType)]);
  return lazyObject(
    [...names].map((name): [string, () => unknown] => [
      name,
      () => (name in byType ? [...((evaluated[name] as unknown[] | undefined) ?? []), ...expanded(name)] : evaluated[name]),
    ]),
  );
}
