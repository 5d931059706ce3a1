/**
 * The per-bucket detections of modules/detections/bucket-intent.ts as templates over one bucket's
 * name and lists, for the exported module, where a bucket's expected writers and immutable
 * prefixes are known only at plan time. A template renders two ways: as text, for concrete values,
 * and as a Terraform string template. The tests hold the text rendering to what the builders
 * (`bucketIntentDetections`) and the Insights translator (`insightsQuery`) produce for the same
 * intent, and the terraform tier holds the Terraform rendering to the same bytes.
 *
 * Why hand-written: the builders join their lists in TypeScript, which Terraform cannot run, and no
 * library turns a TypeScript string builder into a Terraform template. So the fixed text is cut
 * out of the builders' own output around sentinel items wherever the items appear as written; only
 * the Insights query's writer terms, where the translator writes an item one way or another by its
 * trailing `*`, and the writers' description are spelled out here.
 */
import {
  BucketIntent,
  bucketIntentDetections,
  comparedAs,
  detectionTemplateOf,
  IMMUTABLE_PREFIX_CHANGED,
  immutablePrefixPattern,
  UNEXPECTED_WRITER,
  unexpectedWriterPattern,
} from './detections/bucket-intent';
import { Detection } from './detections/detection';
import { insightsQuery } from './detections/insights-query';

/**
 * The lists a template reads. A bucket's writers are compared with the session issuer or with the
 * principal's own ARN, or both, by their ARN's shape (`comparedAs` in bucket-intent.ts): a role
 * only as an issuer, an `sts` ARN only as a principal, anything else as both.
 */
export type IntentList = 'expectedWriters' | 'issuerWriters' | 'principalWriters' | 'immutablePrefixes';

/** Part of one list item as written: fixed text, the item, the item as a regular expression, or a choice on its trailing `*`. */
export type ItemPart =
  | string
  | { readonly item: 'as-is' | 'regex' }
  | { readonly ifWildcard: readonly ItemPart[]; readonly otherwise: readonly ItemPart[] };

/** A list's items joined, with text around them; nothing at all when the list is empty. */
export interface ListPart {
  readonly list: IntentList;
  readonly around: readonly [readonly TemplatePart[], readonly TemplatePart[]];
  /** @default around: the same text whatever the number of items */
  readonly aroundOne?: readonly [readonly TemplatePart[], readonly TemplatePart[]];
  readonly separator: string;
  readonly item: readonly ItemPart[];
}

export type TemplatePart = string | { readonly bucket: true } | { readonly countOf: IntentList } | ListPart;

/** One per-bucket detection: what makes it (a non-empty list), and its texts as templates. */
export interface IntentTemplate {
  readonly templateId: string;
  readonly when: 'expectedWriters' | 'immutablePrefixes';
  readonly pattern: readonly TemplatePart[];
  readonly insightsQuery: readonly TemplatePart[];
  readonly title: readonly TemplatePart[];
  readonly description: readonly TemplatePart[];
  readonly metricName: readonly TemplatePart[];
  /** What the error says when the pattern outgrows CloudWatch's 1024 characters: the list's field, as named in the module, and what to do. */
  readonly tooLong: { readonly field: string; readonly noun: string; readonly advice: string };
  /** Severity, namespace, alarm settings: the same for every bucket. */
  readonly constants: Pick<Detection, 'severity' | 'namespace' | 'alarm'>;
}

// Sentinels: control characters no bucket name, ARN or validated key prefix holds.
const BUCKET = '\u0000bucket\u0000';
const ITEMS: readonly [string, string] = ['\u0001', '\u0002'];
/** Writers the builder compares with the session issuer only, and with the principal only. */
const ROLE_ITEMS: readonly [string, string] = [`arn:aws:iam::000000000000:role/${ITEMS[0]}`, `arn:aws:iam::000000000000:role/${ITEMS[1]}`];
const STS_ITEMS: readonly [string, string] = [`arn:aws:sts::000000000000:${ITEMS[0]}`, `arn:aws:sts::000000000000:${ITEMS[1]}`];

/** The characters the Insights translator escapes in a regular expression (REGEX_SPECIAL in insights-query.ts), as a class both JavaScript and RE2 read alike. */
export const REGEX_SPECIAL_CLASS = '[\\\\^$.|?*+()\\[\\]{}/]';

/** `text` with the bucket sentinel as a bucket part. */
function withBucket(text: string): TemplatePart[] {
  return text.split(BUCKET).flatMap((piece, index) => (index === 0 ? [piece] : [{ bucket: true as const }, piece])).filter((part) => part !== '');
}

/** `build` of one item and of two, cut around the items. */
function splice(build: (items: string[]) => string, [first, second]: readonly [string, string]) {
  const one = build([first]).split(first);
  const two = build([first, second]).split(first);
  const [separator, ...after] = two[1]?.split(second) ?? [];
  if (one.length !== 2 || two.length !== 2 || after.length !== 1) throw new Error(`cannot cut ${JSON.stringify(build([first, second]))} around its items`);
  return { one: [one[0], one[1]] as const, many: [two[0], after[0]] as const, separator };
}

/** `text` without `head` and `tail`, which it must start and end with. */
function between(text: string, head: string, tail: string): string {
  if (!text.startsWith(head) || !text.endsWith(tail)) throw new Error(`${JSON.stringify(text)} does not run from ${JSON.stringify(head)} to ${JSON.stringify(tail)}`);
  return text.slice(head.length, text.length - tail.length);
}

/** A list part from a splice whose text around the items starts with `head` and ends with `tail`. */
function listPart(list: IntentList, cut: ReturnType<typeof splice>, item: readonly ItemPart[], head = '', tail = ''): ListPart {
  const around = (pair: readonly [string, string]) => [withBucket(between(pair[0], head, '')), withBucket(between(pair[1], '', tail))] as const;
  const sameForOne = cut.one[0] === cut.many[0] && cut.one[1] === cut.many[1];
  return { list, around: around(cut.many), ...(sameForOne ? {} : { aroundOne: around(cut.one) }), separator: cut.separator, item };
}

/** The query's lines: fields, filter, sort. The per-bucket terms go at the end of the filter line. */
function queryEnds(query: string): [string, string] {
  const lines = query.split('\n');
  if (lines.length !== 3 || !lines[1].startsWith('| filter ')) throw new Error(`unexpected Insights query layout: ${JSON.stringify(query)}`);
  return [`${lines[0]}\n${lines[1]}`, `\n${lines[2]}`];
}

/** Insights' `not ispresent(field) or (ispresent(field) and field != "a" and field not like /^b/)`: a writer list's term, as the translator writes `matchesNoneOf`. */
function noneOfInQuery(list: IntentList, field: string): ListPart {
  return {
    list,
    around: [[` and (not ispresent(${field}) or (ispresent(${field}) and `], ['))']],
    separator: ' and ',
    item: [{ ifWildcard: [`${field} not like /^`, { item: 'regex' }, '/'], otherwise: [`${field} != "`, { item: 'as-is' }, '"'] }],
  };
}

function sample(detections: Detection[], templateId: string): Detection {
  const found = detections.find((detection) => detectionTemplateOf(detection.id) === templateId);
  if (!found) throw new Error(`bucketIntentDetections makes no ${templateId} detection`);
  return found;
}

function buildTemplates(): readonly IntentTemplate[] {
  const [unexpected, immutable] = [UNEXPECTED_WRITER, IMMUTABLE_PREFIX_CHANGED].map((id) =>
    sample(bucketIntentDetections([{ name: BUCKET, expectedWriters: [ROLE_ITEMS[0]], immutablePrefixes: [ITEMS[0]] }]), id),
  );
  const constants = ({ severity, namespace, alarm }: Detection) => ({ severity, namespace, alarm });

  const noWriters = unexpectedWriterPattern(BUCKET, []);
  const [head, tail] = [noWriters.slice(0, -2), noWriters.slice(-2)];
  const writers = (list: IntentList, items: readonly [string, string]) =>
    listPart(list, splice((some) => unexpectedWriterPattern(BUCKET, some), items), [{ item: 'as-is' }], head, tail);
  const [queryHead, queryTail] = queryEnds(insightsQuery(noWriters));

  return [
    {
      templateId: UNEXPECTED_WRITER,
      when: 'expectedWriters',
      pattern: [...withBucket(head), writers('issuerWriters', ROLE_ITEMS), writers('principalWriters', STS_ITEMS), ...withBucket(tail)],
      insightsQuery: [
        ...withBucket(queryHead),
        noneOfInQuery('issuerWriters', 'userIdentity.sessionContext.sessionIssuer.arn'),
        noneOfInQuery('principalWriters', 'userIdentity.arn'),
        ...withBucket(queryTail),
      ],
      title: withBucket(unexpected.title),
      description: ['An object write, copy, delete or ACL change in ', { bucket: true }, ' by a principal that matches none of its ', { countOf: 'expectedWriters' }, ' expected writers.'],
      metricName: withBucket(unexpected.metricName),
      tooLong: { field: 'expected_writers', noun: 'expected writers', advice: 'List fewer patterns: one ending in * covers every role or user whose name starts with it' },
      constants: constants(unexpected),
    },
    {
      templateId: IMMUTABLE_PREFIX_CHANGED,
      when: 'immutablePrefixes',
      pattern: [listPart('immutablePrefixes', splice((some) => immutablePrefixPattern(BUCKET, some), ITEMS), [{ item: 'as-is' }])],
      insightsQuery: [listPart('immutablePrefixes', splice((some) => insightsQuery(immutablePrefixPattern(BUCKET, some)), ITEMS), [{ item: 'regex' }])],
      title: withBucket(immutable.title),
      description: [
        listPart(
          'immutablePrefixes',
          splice((some) => sample(bucketIntentDetections([{ name: BUCKET, expectedWriters: [], immutablePrefixes: some }]), IMMUTABLE_PREFIX_CHANGED).description, ITEMS),
          [{ item: 'as-is' }],
        ),
      ],
      metricName: withBucket(immutable.metricName),
      tooLong: { field: 'immutable_prefixes', noun: 'immutable prefixes', advice: 'List fewer, shorter prefixes' },
      constants: constants(immutable),
    },
  ];
}

/** The templates of every per-bucket detection, in the order bucketIntentDetections makes them. */
export const INTENT_TEMPLATES: readonly IntentTemplate[] = buildTemplates();

function listValues(intent: BucketIntent, list: IntentList): readonly string[] {
  switch (list) {
    case 'expectedWriters':
      return intent.expectedWriters;
    case 'issuerWriters':
      return intent.expectedWriters.filter((pattern) => comparedAs(pattern).issuer);
    case 'principalWriters':
      return intent.expectedWriters.filter((pattern) => comparedAs(pattern).principal);
    case 'immutablePrefixes':
      return intent.immutablePrefixes;
  }
}

const withoutStar = (value: string) => (value.endsWith('*') ? value.slice(0, -1) : value);

function itemText(parts: readonly ItemPart[], value: string): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('item' in part) return part.item === 'as-is' ? value : withoutStar(value).replace(new RegExp(REGEX_SPECIAL_CLASS, 'g'), '\\$&');
      return itemText(value.endsWith('*') ? part.ifWildcard : part.otherwise, value);
    })
    .join('');
}

/** A template for one concrete intent. */
export function renderText(parts: readonly TemplatePart[], intent: BucketIntent): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('bucket' in part) return intent.name;
      if ('countOf' in part) return String(listValues(intent, part.countOf).length);
      const values = listValues(intent, part.list);
      if (values.length === 0) return '';
      const [before, after] = values.length === 1 ? (part.aroundOne ?? part.around) : part.around;
      return renderText(before, intent) + values.map((value) => itemText(part.item, value)).join(part.separator) + renderText(after, intent);
    })
    .join('');
}

/** Terraform expressions for the bucket and its lists, inside `for bucket, intent in ...`. */
export interface HclIntentNames {
  readonly bucket: string;
  readonly lists: Readonly<Record<IntentList, string>>;
}

/** `text` as literal text of a Terraform quoted template. */
export function templateLiteral(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f]/.test(text)) throw new Error(`a sentinel was left in a template: ${JSON.stringify(text)}`);
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
}

const quoted = (text: string) => `"${templateLiteral(text)}"`;

function itemTemplate(parts: readonly ItemPart[], item: string): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return templateLiteral(part);
      if ('item' in part) {
        return part.item === 'as-is' ? `\${${item}}` : `\${replace(trimsuffix(${item}, "*"), ${quoted(`/${REGEX_SPECIAL_CLASS}/`)}, ${quoted('\\$0')})}`;
      }
      return `\${endswith(${item}, "*") ? "${itemTemplate(part.ifWildcard, item)}" : "${itemTemplate(part.otherwise, item)}"}`;
    })
    .join('');
}

/** A template as the body of a Terraform quoted template (what goes between the quotes). */
export function renderTemplate(parts: readonly TemplatePart[], names: HclIntentNames): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return templateLiteral(part);
      if ('bucket' in part) return `\${${names.bucket}}`;
      if ('countOf' in part) return `\${length(${names.lists[part.countOf]})}`;
      const list = names.lists[part.list];
      const joined = (separator: string, [before, after]: readonly [readonly TemplatePart[], readonly TemplatePart[]]) =>
        `"${renderTemplate(before, names)}\${join(${quoted(separator)}, [for item in ${list} : "${itemTemplate(part.item, 'item')}"])}${renderTemplate(after, names)}"`;
      const many = joined(part.separator, part.around);
      const some = part.aroundOne ? `(length(${list}) == 1 ? ${joined('', part.aroundOne)} : ${many})` : many;
      return `\${length(${list}) == 0 ? "" : ${some}}`;
    })
    .join('');
}

/** `comparedAs` (detections/bucket-intent.ts) as Terraform conditions over the writer pattern `item`. */
export function writerComparedAsCondition(item: string): { issuer: string; principal: string } {
  const part = (index: number) => `try(split(":", ${item})[${index}], "")`;
  return { issuer: `${part(2)} != "sts"`, principal: `!(${part(2)} == "iam" && startswith(${part(5)}, "role/"))` };
}
