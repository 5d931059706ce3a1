/**
 * docs/detections.md is generated from the detection catalog and is where every alarm's description
 * points (`docs/detections.md#<id>`): it must be current and have a section per detection.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DETECTION_CATALOG } from '../../modules/detections';
import { ENVIRONMENTS } from '../../stacks/environments';
import { parseEnvironments } from '../../stacks/load-environments';
import { FIXTURE_ENVIRONMENT, WATCHED_BUCKETS } from '../fixtures/cloudtrail/environment';
import { Plan } from '../support/synth';
import {
  DETECTIONS_DOC_PATH,
  githubAnchor,
  REGENERATE_COMMAND,
  renderDetectionsDoc,
} from '../../scripts/generate-detections-doc';

/** The first line where two texts differ, to say where the committed file is stale. */
function firstDifference(expected: string, actual: string): string {
  const want = expected.split('\n');
  const got = actual.split('\n');
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) {
      return `line ${i + 1}:\n  expected: ${want[i] ?? '(end of file)'}\n  found:    ${got[i] ?? '(end of file)'}`;
    }
  }
  return 'no line differs';
}

const RENDER_TIMEOUT_MS = 120_000;

describe('docs/detections.md', () => {
  let rendered: string;
  let committed: string | undefined;

  // Rendering synthesizes stacks and replays the worked example's logs: seconds, more on a busy machine.
  beforeAll(async () => {
    rendered = await renderDetectionsDoc();
    committed = existsSync(DETECTIONS_DOC_PATH) ? readFileSync(DETECTIONS_DOC_PATH, 'utf8') : undefined;
  }, RENDER_TIMEOUT_MS);

  test('GIVEN the catalog WHEN rendered twice THEN the output is the same', async () => {
    expect(await renderDetectionsDoc()).toBe(rendered);
  }, RENDER_TIMEOUT_MS);

  test('GIVEN the catalog WHEN rendered THEN docs/detections.md equals the rendering', () => {
    if (committed === undefined) {
      throw new Error(`docs/detections.md does not exist: run \`${REGENERATE_COMMAND}\``);
    }
    if (committed !== rendered) {
      throw new Error(
        `docs/detections.md is out of date with the detection catalog: run \`${REGENERATE_COMMAND}\`. ` +
          `First difference at ${firstDifference(rendered, committed)}`,
      );
    }
  });

  test('GIVEN the catalog WHEN the doc is read THEN every detection id has its own "## <id>" section', () => {
    const headings = new Set([...(committed ?? rendered).matchAll(/^## (.+)$/gm)].map((match) => match[1].trim()));
    const missing = DETECTION_CATALOG.map((detection) => detection.id).filter((id) => !headings.has(id));
    expect(missing).toEqual([]);
  });

  test('GIVEN each detection id WHEN GitHub anchors its heading THEN the anchor is the id the alarm links to', () => {
    const notAnchors = DETECTION_CATALOG.map((detection) => detection.id).filter((id) => githubAnchor(id) !== id);
    expect(notAnchors).toEqual([]);
  });

  test('GIVEN a scoped detection WHEN rendered THEN its pattern is shown for the fixture environment, not as source', () => {
    const section = rendered.split(/^## /m).find((part) => part.startsWith('s3-object-deletions\n')) ?? '';
    for (const bucket of WATCHED_BUCKETS) expect(section).toContain(`($.requestParameters.bucketName = "${bucket}")`);
    expect(section).toContain('as synthesized for the example environment');
  });

  test('GIVEN every alarm of every shipped environment and of the fixtures\' one WHEN its runbook link is followed THEN the doc has that section', () => {
    const headings = new Set([...readFileSync(DETECTIONS_DOC_PATH, 'utf8').matchAll(/^## (.+)$/gm)].map((match) => githubAnchor(match[1])));
    const anchors = parseEnvironments([...ENVIRONMENTS, FIXTURE_ENVIRONMENT]).flatMap((env) =>
      Object.values(Plan.ofEnvironment(env).resources('aws_cloudwatch_metric_alarm')).map((alarm: any) => {
        // A description holding an apply-time reference is a Terraform expression ending `")}`.
        const link = /Runbook: \S+#([a-z0-9-]+)(?:"\)+\})?$/.exec(String(alarm.alarm_description));
        // The runbooks dashboard has no anchors: the section is the alarm's id (less a per-bucket or group suffix).
        if (/Runbook: \S+#dashboards\/dashboard\/\S+-runbooks(?:"\)+\})?$/.test(String(alarm.alarm_description))) {
          return String(alarm.alarm_name).slice(`${env.namePrefix}-${env.name}-`.length).replace(/-\d+$/, '').split('.')[0];
        }
        return link ? link[1] : `(no runbook link in ${alarm.alarm_name})`;
      }),
    );
    expect([...new Set(anchors)].filter((anchor) => !headings.has(anchor))).toEqual([]);
    expect(anchors).toEqual(expect.arrayContaining(['s3-unexpected-writer', 's3-immutable-prefix-changed', 's3-unusual-delete-volume', 'trail-delivery-stopped']));
  }, RENDER_TIMEOUT_MS);
});
