/**
 * Two applied states in comparable form: resources by type and name, KMS key ids (random per
 * emulator) replaced by a placeholder wherever they appear, and the few attributes AWS makes up
 * at create time (dates, unique ids, subscription ids) left out. Everything else must be equal.
 */

interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

/** Attributes AWS generates per create; two applies of the same plan differ in these only. */
const GENERATED_PER_CREATE: Record<string, readonly string[]> = {
  aws_iam_role: ['create_date', 'unique_id'],
  aws_sns_topic_subscription: ['arn', 'id'],
  aws_cloudwatch_query_definition: ['id', 'query_definition_id'],
};
/**
 * Lookups the module makes because it has no environment to read the account from, and the
 * environment's dashboard, which the module leaves out (see the note in modules/s3-audit-trail.ts).
 */
const NOT_COMPARED = new Set(['aws_caller_identity', 'aws_partition', 'aws_region', 'aws_cloudwatch_dashboard']);

/** A state as `terraform state pull` prints it (format version 4). */
interface RawState {
  readonly resources: readonly { module?: string; mode: string; type: string; instances: readonly { attributes: Record<string, unknown> }[] }[];
}

/**
 * The resources of one module of a raw state (`undefined`: the root module), in the shape of
 * `terraform show -json`'s values. Read this way because `state pull` loads no provider, while
 * `show -json` starts the provider for its whole schema just to print the same attribute values.
 */
export function stateResources(state: RawState, module?: string): StateResource[] {
  return state.resources
    .filter((resource) => resource.module === module)
    .flatMap((resource) => resource.instances.map((instance) => ({ mode: resource.mode, type: resource.type, values: instance.attributes })));
}

export function comparableState(resources: readonly StateResource[]): Record<string, unknown> {
  const keyIds = resources.filter((r) => r.type === 'aws_kms_key').map((r) => String(r.values.key_id));
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return keyIds.reduce((text, id) => text.split(id).join('<kms key id>'), value);
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  const comparable: Record<string, unknown> = {};
  for (const resource of resources) {
    if (NOT_COMPARED.has(resource.type)) continue;
    const values = replace(resource.values) as Record<string, any>;
    for (const attribute of GENERATED_PER_CREATE[resource.type] ?? []) delete values[attribute];
    const name = values.name ?? values.bucket ?? values.alarm_name ?? values.endpoint ?? (values.statement ?? []).map((s: { sid: string }) => s.sid).join(',');
    const key = `${resource.mode}.${resource.type}.${name}`;
    if (key in comparable) throw new Error(`two ${resource.type} resources are both named ${name}; the comparison needs a distinct name`);
    comparable[key] = values;
  }
  return comparable;
}
