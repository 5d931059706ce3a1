/**
 * `npm run docs:detections`: renders docs/detections.md from the detection catalog, the page every
 * alarm's description links to (`docs/detections.md#<id>`). With `--check` it writes nothing and
 * exits 1 if the file is missing or differs from what the catalog renders.
 *
 * The output depends only on the catalog and the fixture environment (no dates, no machine state),
 * so a test can compare it byte for byte.
 */
import { renderBucketIntentSections } from './lib/bucket-intent-doc';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Detection, DETECTION_CATALOG, DetectionGroup } from '../modules/detections';
import {
  FIXTURE_ENVIRONMENT,
  FIXTURE_REFERENCES,
  LOG_GROUP_NAME,
  TRAIL_KEY_ARN,
  WATCHED_BUCKETS,
} from '../__tests__/fixtures/cloudtrail/environment';
import { formatPeriod, formatTrigger } from './lib/alarm-text';
import { renderDeletingServiceExample } from './lib/deleting-service-example';
import { renderEvidenceSection, renderHeartbeatSection, renderQuery } from './lib/evidence-doc';
import { renderFastPathFailedSection, renderFastPathSection, renderTimeToKnowSection } from './lib/time-to-know-doc';
import { renderChangeAgentsSection, renderCisTextSection } from './lib/detection-choices-doc';
import { environmentFastPathRules } from './lib/synthesized-fast-path';
import { codeBlock } from './lib/generated-doc';
import { PROJECT_ROOT } from './lib/project-root';
import { synthesizedPatterns } from './lib/synthesized-patterns';

export const DETECTIONS_DOC_PATH = path.join(PROJECT_ROOT, 'docs', 'detections.md');
export const REGENERATE_COMMAND = 'npm run docs:detections';

const GROUP_TITLES: Record<DetectionGroup, string> = {
  's3-data-plane': 'S3 data plane',
  's3-control-plane': 'S3 control plane',
  'audit-trail-tampering': 'Audit trail tampering',
  'audit-sources': 'Other audit sources',
  'identity-persistence': 'Identity persistence',
  'key-and-backup-destruction': 'Key and backup destruction',
  'network-exposure': 'Network exposure',
  'cis-foundations': 'CIS Foundations',
};

/** GitHub's heading anchor for a heading text: lowercase, punctuation but hyphens dropped, spaces to hyphens. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}


function controlsText(detection: Detection): string {
  return detection.controls && detection.controls.length > 0 ? detection.controls.join(', ') : '—';
}

/**
 * The pattern each detection is documented with: the catalog text for fixed patterns, the pattern a
 * stack for the fixture environment synthesizes for patterns that depend on the environment.
 */
function documentedPatterns(catalog: readonly Detection[], synthesized: ReadonlyMap<string, string>): Map<string, string> {
  const patterns = new Map<string, string>();
  for (const detection of catalog) {
    if (typeof detection.filterPattern === 'string') {
      patterns.set(detection.id, detection.filterPattern);
      continue;
    }
    const pattern = synthesized.get(detection.id);
    if (pattern === undefined) {
      throw new Error(
        `the fixture environment synthesizes no metric filter for ${detection.id}; it must enable every detection for the docs to show its pattern`,
      );
    }
    patterns.set(detection.id, pattern);
  }
  return patterns;
}

function renderIntro(): string[] {
  const env = FIXTURE_ENVIRONMENT;
  const prefix = `${env.namePrefix}-${env.name}`;
  return [
    '<!-- Generated from modules/detections by scripts/generate-detections-doc.ts. Do not edit; run `npm run docs:detections`. -->',
    '',
    '# Detections',
    '',
    'The detection catalog (`DETECTION_CATALOG` in [`modules/detections`](../modules/detections/index.ts)) is every ' +
      'CloudWatch Logs metric filter and alarm this project deploys on the CloudTrail log group of each environment. ' +
      'Each detection is one filter pattern over CloudTrail records, one metric and one alarm that notifies the ' +
      "environment's SNS topic. Every alarm's description links to its section on this page.",
    '',
    `> This file is generated from the catalog. Do not edit it; change the catalog and run \`${REGENERATE_COMMAND}\`. ` +
      'A unit test fails while it is out of date.',
    '',
    '## Enabling, disabling and tuning per environment',
    '',
    'Every detection is enabled in every environment with the default alarm settings shown below. An environment ' +
      'changes that in [`stacks/environments.ts`](../stacks/environments.ts), by detection id:',
    '',
    codeBlock(
      [
        'detections: {',
        "  'cis-unauthorized-api-calls': { threshold: 20 },          // alarm only on a burst",
        "  's3-access-denied-probing': { threshold: 25, evaluationPeriods: 2, periodSeconds: 600 },",
        "  'cis-organizations-changes': { enabled: false },          // not the management account",
        '},',
      ].join('\n'),
      'ts',
    ),
    '',
    '- `enabled: false` removes the metric filter and the alarm from that environment.',
    '- `threshold` is the count per period at or above which the alarm fires (`GreaterThanOrEqualToThreshold`).',
    '- `evaluationPeriods` is how many periods the alarm looks at: for an any-occurrence detection (1 out of N) any one of ' +
      'them breaching fires it, so more periods let a later-delivered event count; for a windowed one, every one must breach.',
    '- `periodSeconds` is the length of one period: 10, 30 or a multiple of 60.',
    '',
    'Unknown ids and invalid values are rejected when the environments are loaded (`npm run synth`).',
    '',
    '## Names',
    '',
    '- Metric filter and alarm: `<namePrefix>-<environment>-<id>`, e.g. `' + `${prefix}-s3-object-deletions` + '`.',
    '- Metric: the metric name below, in namespace `<namespace>/<namePrefix>-<environment>`, e.g. `' +
      `S3AuditTrail/${prefix}` +
      '`, so two environments in one account never add up each other\'s events. The filter emits 1 per matching event.',
    '- Alarm description: `[<severity>] <title>. <what it catches> Logs Insights: <link> Runbook: <runbookBaseUrl>#<id>` ' +
      '(see [From alarm to evidence](#from-alarm-to-evidence)).',
    '- Saved Logs Insights query: `<namePrefix>-<environment>/<id>`, e.g. `' + `${prefix}/s3-object-deletions` + '`.',
    '',
    '## Patterns scoped to the environment',
    '',
    'Some patterns depend on the environment and are shown here as synthesized for an example environment ' +
      `(\`${env.name}\`, name prefix \`${env.namePrefix}\`, the environment the pattern fixtures in ` +
      '`__tests__/fixtures/cloudtrail` are written for):',
    '',
    '- S3 data-plane patterns are restricted to the watched buckets (`watchedBuckets`), here ' +
      WATCHED_BUCKETS.map((bucket) => `\`${bucket}\``).join(' and ') +
      '. With `watchedBuckets: \'all\'` the bucket clause is left out: the trail records every bucket but its own log bucket.',
    `- Patterns about the trail's own log group match its name, here \`${LOG_GROUP_NAME}\`.`,
    "- Patterns about the trail's KMS key match its ARN, which Terraform knows only at apply time; shown here with the example ARN `" +
      TRAIL_KEY_ARN +
      '`.',
    '',
    'Fixed patterns are the same in every environment. The CIS patterns are the text AWS Security Hub publishes ' +
      'for its CloudWatch controls, kept verbatim so the controls pass.',
  ];
}

function renderSummary(catalog: readonly Detection[]): string[] {
  return [
    '## Summary',
    '',
    '| Detection | Severity | Group | Title | Controls | Default alarm |',
    '| --- | --- | --- | --- | --- | --- |',
    ...catalog.map(
      (d) =>
        `| [${d.id}](#${githubAnchor(d.id)}) | ${d.severity} | ${GROUP_TITLES[d.group]} | ${cell(d.title)} | ` +
        `${cell(controlsText(d))} | ${formatTrigger(d.alarm)} |`,
    ),
  ];
}

function renderDetection(detection: Detection, pattern: string): string[] {
  const alarm = detection.alarm;
  const scoped = typeof detection.filterPattern === 'function';
  return [
    `## ${detection.id}`,
    '',
    `**${detection.title}**`,
    '',
    `- Severity: ${detection.severity}`,
    `- Group: ${GROUP_TITLES[detection.group]} (\`${detection.group}\`)`,
    `- Controls: ${controlsText(detection)}`,
    '',
    '### What it catches',
    '',
    detection.description,
    '',
    '### Filter pattern',
    '',
    scoped
      ? `Depends on the environment; as synthesized for the example environment \`${FIXTURE_ENVIRONMENT.name}\` (see [Patterns scoped to the environment](#patterns-scoped-to-the-environment)):`
      : 'The same in every environment:',
    '',
    codeBlock(pattern),
    '',
    ...renderQuery(pattern),
    '',
    '### Metric and alarm',
    '',
    `- Metric: \`${detection.metricName}\` in namespace \`${detection.namespace}/<namePrefix>-<environment>\``,
    `- Statistic: ${alarm.statistic}`,
    `- Period: ${alarm.periodSeconds} seconds (${formatPeriod(alarm.periodSeconds)})`,
    `- Evaluation periods: ${alarm.evaluationPeriods}`,
    `- Datapoints to alarm: ${alarm.datapointsToAlarm ?? alarm.evaluationPeriods} (${alarm.datapointsToAlarm === 1 && alarm.evaluationPeriods > 1 ? 'any one of them' : 'all of them'})`,
    `- Threshold: ${alarm.threshold} (fires at or above)`,
    `- Treat missing data: ${alarm.treatMissingData}`,
    '',
    '### Runbook',
    '',
    detection.runbook,
  ];
}

/** The whole of docs/detections.md for `catalog`. */
export async function renderDetectionsDoc(catalog: readonly Detection[] = DETECTION_CATALOG): Promise<string> {
  const ids = new Set<string>();
  for (const detection of catalog) {
    if (ids.has(detection.id)) throw new Error(`detection id ${detection.id} appears twice in the catalog`);
    if (githubAnchor(detection.id) !== detection.id) {
      throw new Error(`detection id ${detection.id} is not its own GitHub anchor; use lowercase letters, digits and hyphens`);
    }
    ids.add(detection.id);
  }
  // One synth of the fixture environment serves the scoped catalog patterns and the per-bucket sections.
  const fixturePatterns = synthesizedPatterns(FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES);
  const patterns = documentedPatterns(catalog, fixturePatterns);
  const rules = environmentFastPathRules(FIXTURE_ENVIRONMENT, TRAIL_KEY_ARN);
  const sections = [
    renderIntro(),
    renderSummary(catalog),
    renderTimeToKnowSection(catalog, new Set(rules.map((rule) => rule.id))),
    renderFastPathSection(rules),
    renderChangeAgentsSection(),
    renderCisTextSection(),
    renderEvidenceSection(`${FIXTURE_ENVIRONMENT.namePrefix}-${FIXTURE_ENVIRONMENT.name}`),
    await renderDeletingServiceExample(),
    ...catalog.map((detection) => renderDetection(detection, patterns.get(detection.id) as string)),
    ...renderBucketIntentSections(fixturePatterns),
    renderHeartbeatSection(),
    renderFastPathFailedSection(),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** Writes the file, or with `check` only compares; returns the exit code. */
export async function main(args: readonly string[], docPath = DETECTIONS_DOC_PATH): Promise<number> {
  const rendered = await renderDetectionsDoc();
  const relative = path.relative(process.cwd(), docPath) || docPath;
  if (args.includes('--check')) {
    const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : undefined;
    if (current === rendered) {
      console.log(`${relative} is up to date`);
      return 0;
    }
    console.error(
      `${relative} is ${current === undefined ? 'missing' : 'out of date with the detection catalog'}: run \`${REGENERATE_COMMAND}\` and commit the result`,
    );
    return 1;
  }
  mkdirSync(path.dirname(docPath), { recursive: true });
  writeFileSync(docPath, rendered);
  console.log(`wrote ${relative} (${DETECTION_CATALOG.length} detections)`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
