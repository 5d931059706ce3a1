import { DETECTION_CATALOG } from '../../modules/detections';
import { runbookSections } from '../../modules/detections/runbooks';
import { parseEnvironments } from '../../stacks/load-environments';
import { definitionWarnings } from '../../stacks/definition-warnings';
import { ENVIRONMENTS } from '../../stacks/environments';
import { PROJECT_RUNBOOK_BASE_URL } from '../../modules/alarm-description';
import { definitionProblems, validEnvironment } from '../support/environments';
import { Plan } from '../support/synth';

/**
 * The runbooks ship with the stack: without a runbookBaseUrl, every alarm links a dashboard in the
 * account holding a section per runbook anchor, so no link points at a page that does not exist.
 */
describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('GIVEN the shipped %s environment', (name, input) => {
  const [env] = parseEnvironments([input]);
  const plan = Plan.ofEnvironment(env);
  const dashboard = plan.at('aws_cloudwatch_dashboard', 'AuditTrail/Runbooks');
  const sections = JSON.parse(dashboard.dashboard_body).widgets.map((w: any) => String(w.properties.markdown));
  const url = `https://${env.region}.console.aws.amazon.com/cloudwatch/home?region=${env.region}#dashboards/dashboard/acme-${name}-runbooks`;

  test('THEN it sets no runbookBaseUrl, so the example company\'s URL is linked nowhere', () => {
    expect(env.runbookBaseUrl).toBeUndefined();
    expect(JSON.stringify(plan.json)).not.toContain(PROJECT_RUNBOOK_BASE_URL);
  });

  test('THEN every alarm and fast-path message links the runbooks dashboard, which has a section for the alarm', () => {
    const anchors = new Set(sections.map((markdown: string) => /^## (\S+)/.exec(markdown)![1]));
    for (const alarm of Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[]) {
      // A description holding an apply-time reference is a Terraform expression ending `")...)}`.
      const description = String(alarm.alarm_description).replace(/"\)*\}$/, '');
      expect({ alarm: alarm.alarm_name, link: description.endsWith(`Runbook: ${url}`) }).toEqual({ alarm: alarm.alarm_name, link: true });
      const id = String(alarm.alarm_name).slice(`acme-${name}-`.length).replace(/-\d+$/, '');
      expect({ alarm: alarm.alarm_name, section: anchors.has(id.split('.')[0]) }).toEqual({ alarm: alarm.alarm_name, section: true });
    }
  });

  test('THEN every fast-path message links it too', () => {
    for (const target of Object.values(plan.resources('aws_cloudwatch_event_target')) as any[]) {
      expect(JSON.parse(target.input_transformer.input_template).endsWith(`Runbook: ${url}`)).toBe(true);
    }
  });

  test('THEN each section holds the runbook text of its detection', () => {
    for (const detection of DETECTION_CATALOG) expect(sections).toContain(`## ${detection.id}\n**${detection.title}**\n\n${detection.runbook}`);
    expect(sections).toHaveLength(runbookSections(DETECTION_CATALOG).length + 1);
  });
});

test('GIVEN runbookBaseUrl set to where the team serves docs/detections.md THEN alarms link <base>#<id> and no runbooks dashboard is made', () => {
  const [env] = parseEnvironments([validEnvironment({ runbookBaseUrl: 'https://wiki.example.com/security/s3-audit' })]);
  const plan = Plan.ofEnvironment(env);
  expect((Object.values(plan.resources('aws_cloudwatch_dashboard')) as any[]).map((d) => d.dashboard_name)).toEqual(['acme-test-s3-audit-trail']);
  const alarm = (Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[]).find((a) => a.alarm_name === 'acme-test-trail-tampering');
  expect(alarm.alarm_description).toMatch(/ Runbook: https:\/\/wiki\.example\.com\/security\/s3-audit#trail-tampering$/);
});

test('GIVEN the example company\'s runbook URL THEN synth refuses it for a real environment and warns for an emulator one', () => {
  expect(definitionProblems([validEnvironment({ runbookBaseUrl: PROJECT_RUNBOOK_BASE_URL })])).toEqual([
    `environment "test", field runbookBaseUrl: "${PROJECT_RUNBOOK_BASE_URL}" is the example company's URL, which does not exist; serve docs/detections.md from your copy of this project and give its URL, or leave the field out to link the runbooks the stack ships into the account`,
  ]);
  const emulated = parseEnvironments([validEnvironment({ runbookBaseUrl: PROJECT_RUNBOOK_BASE_URL, endpoint: 'http://127.0.0.1:5000' })]);
  expect(definitionWarnings(emulated)).toEqual([expect.stringMatching(/^environment "test", field runbookBaseUrl: ".+" is the example company's URL, which does not exist; /)]);
});
