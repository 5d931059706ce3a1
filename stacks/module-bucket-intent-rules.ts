import { hclQuoted } from '../modules/plan-time';
import { MAX_ARN_LENGTH, MAX_KEY_BYTES, PARTITIONS, PRINCIPAL_RESOURCES } from './bucket-intent-rules';

/**
 * stacks/bucket-intent-rules.ts as Terraform expressions, for the exported module's
 * `bucket_intents`: each gives, for one value, the same words as its TypeScript counterpart for
 * the first fault found, or "" for none. Two checks are the module's own: a null in a list, which
 * only Terraform can pass, and a character outside ASCII, on which the stacks stop with an error
 * when they write the alarm's console link (consoleString); the module says so up front. The
 * writer's partition is checked against the provider's in a precondition (module-stack.ts): a
 * variable's validation cannot read a data source.
 */

type Check = readonly [condition: string, problem: string];

/** The first problem whose condition holds, else "". */
function firstProblem(checks: readonly Check[]): string {
  return checks.reduceRight((rest, [condition, problem]) => `(${condition} ? ${hclQuoted(problem)} : ${rest})`, '""');
}

const hcl = (value: unknown) => JSON.stringify(value);
const OUTSIDE_ASCII = 'can(regex("[^\\\\x00-\\\\x7f]", VALUE))';

/** What the writer checks read more than once, worked out once per writer. */
function writerFacts(value: string): Record<string, string> {
  const parts = `split(":", trimsuffix(${value}, "*"))`;
  const service = `try(${parts}[2], "")`;
  return {
    parts: `${value} == null ? [] : ${parts}`,
    resource: `${value} == null ? "" : join(":", slice(${parts}, min(5, length(${parts})), length(${parts})))`,
    types: `lookup(${hcl(PRINCIPAL_RESOURCES).replace(/"(\w+)":/g, '$1 = ')}, ${value} == null ? "" : ${service}, [])`,
  };
}

/** What is wrong with the expected-writer pattern `<found>.value` (facts by writerFacts), as expectedWriterProblem says it. */
export function expectedWriterProblem(found: string): string {
  const [writer, parts, resource, types] = ['value', 'parts', 'resource', 'types'].map((name) => `${found}.${name}`);
  const part = (index: number) => `try(${parts}[${index}], "")`;
  const resourceMatches =
    `(endswith(${writer}, "*") ? anytrue([for type in ${types} : startswith(type, ${resource}) || startswith(${resource}, type)]) : ` +
    `anytrue([for type in ${types} : endswith(type, "/") ? startswith(${resource}, type) && length(${resource}) > length(type) : ${resource} == type]))`;
  return firstProblem([
    [`${writer} == null`, 'is null; expected a principal ARN pattern such as "arn:aws:iam::111111111111:role/exporter"'],
    [`length(${writer}) > ${MAX_ARN_LENGTH}`, `is \${length(${writer})} characters long; an IAM ARN is at most ${MAX_ARN_LENGTH}`],
    [`can(regex("[\\"\\\\\\\\\\\\s]", ${writer}))`, 'holds a quote, backslash or space, which no principal ARN does'],
    [
      `strcontains(trimsuffix(${writer}, "*"), "*")`,
      'has a * before its end; CloudWatch Logs filter patterns match * only as a suffix wildcard here, so write the fixed part and end with *',
    ],
    [`${part(0)} != "arn"`, 'does not start with "arn:"'],
    [`length(${parts}) < 6`, 'is cut short; expected at least arn:<partition>:<iam|sts>::<account id>: before any *'],
    [`!contains(${hcl(PARTITIONS)}, ${part(1)})`, `is in partition "\${${part(1)}}"; expected one of ${PARTITIONS.join(', ')}`],
    [`!contains(${hcl(Object.keys(PRINCIPAL_RESOURCES))}, ${part(2)})`, `names service "\${${part(2)}}"; a principal ARN is an iam or sts ARN`],
    [`${part(3)} != ""`, `has region "\${${part(3)}}"; IAM and STS principal ARNs have none (arn:\${${part(1)}}:\${${part(2)}}::<account>:...)`],
    [`!can(regex("^\\\\d{12}$", ${part(4)}))`, `has account "\${${part(4)}}"; expected a 12-digit account id`],
    [
      `!${resourceMatches}`,
      `names "\${${resource}}"; expected one of \${join(", ", [for type in ${types} : endswith(type, "/") ? "\${type}<name>" : type])} after the account id`,
    ],
    [OUTSIDE_ASCII.replace('VALUE', writer), 'holds a character outside ASCII, which no IAM or STS principal ARN does'],
  ]);
}

/** The prefix's length in bytes of UTF-8 (Terraform's length() counts characters), which base64 gives back exactly. */
function prefixFacts(value: string): Record<string, string> {
  return { bytes: `${value} == null ? 0 : length(base64encode(${value})) / 4 * 3 - length(regexall("=", base64encode(${value})))` };
}

/** What is wrong with the immutable key prefix `<found>.value` (facts by prefixFacts), as immutablePrefixProblem says it. */
export function immutablePrefixProblem(found: string): string {
  const [prefix, bytes] = [`${found}.value`, `${found}.bytes`];
  return firstProblem([
    [`${prefix} == null`, 'is null; expected a key prefix such as "ledger/"'],
    [`${prefix} == ""`, 'is empty; an empty prefix would make every key immutable. Expected a key prefix such as "ledger/"'],
    [`${bytes} > ${MAX_KEY_BYTES}`, `is \${${bytes}} bytes; an S3 key is at most ${MAX_KEY_BYTES}`],
    [`strcontains(${prefix}, "*")`, 'holds a *, which a filter pattern reads as a wildcard; a prefix already matches every key that starts with it'],
    [`can(regex("[\\"\\\\\\\\\\\\x00-\\\\x1f]", ${prefix}))`, 'holds a quote, backslash or control character, which a filter pattern value cannot hold as written'],
    [
      OUTSIDE_ASCII.replace('VALUE', prefix),
      "holds a character outside ASCII, which the alarm's Logs Insights link cannot carry (only ASCII is known to round-trip in the console URL)",
    ],
  ]);
}

/**
 * The validations of `variable` (`var.bucket_intents`): keys that are bucket names (by
 * `bucketNameRules`), entries that declare something, and each writer and prefix, every error
 * naming the bucket, the list, the position and the value.
 */
export function bucketIntentValidations(variable: string, bucketNameRules: (name: string) => { condition: string; clause: string }[]) {
  const valueProblems = (list: 'expected_writers' | 'immutable_prefixes', facts: (value: string) => Record<string, string>, problem: (found: string) => string) => {
    const attributes = { where: `"${variable.replace(/^var\./, '')}[\\"\${bucket}\\"].${list}[\${index}]"`, value: 'value', ...facts('value') };
    const values = `flatten([for bucket, intent in ${variable} : [for index, value in intent.${list} : { ${Object.entries(attributes).map(([key, value]) => `${key} = ${value}`).join(', ')} }]])`;
    const found = `[for found in ${values} : merge(found, { problem = ${problem('found')} })]`;
    return {
      condition: `\${alltrue([for found in ${found} : found.problem == ""])}`,
      errorMessage: `\${join("; ", [for found in ${found} : "\${found.where}: \${found.value == null ? "null" : jsonencode(found.value)} \${found.problem}" if found.problem != ""])}.`,
    };
  };
  const duplicates = (list: 'expected_writers' | 'immutable_prefixes', what: string) => {
    const repeated = `[for bucket, intent in ${variable} : bucket if length(distinct(intent.${list})) != length(intent.${list})]`;
    return {
      condition: `\${length(${repeated}) == 0}`,
      errorMessage: `bucket_intents: \${join(", ", [for bucket in ${repeated} : jsonencode(bucket)])} \${length(${repeated}) == 1 ? "lists" : "list"} ${what} more than once; list each once.`,
    };
  };
  const empty = `[for bucket, intent in ${variable} : bucket if length(intent.expected_writers) + length(intent.immutable_prefixes) == 0]`;
  return [
    ...bucketNameRules('bucket').map(({ condition, clause }) => {
      const refused = `[for bucket in keys(${variable}) : bucket if !(${condition})]`;
      return {
        condition: `\${length(${refused}) == 0}`,
        errorMessage: `bucket_intents: \${join(", ", [for bucket in ${refused} : jsonencode(bucket)])} is not a bucket name S3 accepts: it ${clause}; each key is a bucket of watched_buckets.`,
      };
    }),
    {
      condition: `\${length(${empty}) == 0}`,
      errorMessage: `bucket_intents: \${join(", ", [for bucket in ${empty} : jsonencode(bucket)])} \${length(${empty}) == 1 ? "declares" : "declare"} neither expected_writers nor immutable_prefixes; list at least one principal ARN pattern or key prefix, or leave the bucket out.`,
    },
    valueProblems('expected_writers', writerFacts, expectedWriterProblem),
    duplicates('expected_writers', 'an expected writer'),
    valueProblems('immutable_prefixes', prefixFacts, immutablePrefixProblem),
    duplicates('immutable_prefixes', 'an immutable prefix'),
  ];
}
