import { CONFIGURATION_CHANGE_DETECTIONS, UNKNOWN_PRINCIPAL } from '../../modules/detections/change-agents';
import { UNAUTHORIZED_API_CALLS_CIS_V6 } from '../../modules/detections/cis-foundations';
import { DETECTION_CATALOG } from '../../modules/detections';

/**
 * The sections of docs/detections.md on what an environment chooses about its detections besides
 * tuning them: who is expected to change the configuration, and which CIS text it writes.
 */

const SECURITY_HUB_CLOUDWATCH_CONTROLS =
  '[Security Hub User Guide, "Amazon CloudWatch controls"](https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html)';
const STEAMPIPE_CIS_V6_5_1 =
  '[turbot/steampipe-mod-aws-compliance, `cis_v600/docs/cis_v600_5_1.md`](https://github.com/turbot/steampipe-mod-aws-compliance/blob/main/cis_v600/docs/cis_v600_5_1.md)';
const FILTER_SYNTAX =
  '[CloudWatch Logs User Guide, "Filter and pattern syntax"](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html)';

export function renderChangeAgentsSection(): string[] {
  const pattern = (id: string) => DETECTION_CATALOG.find((detection) => detection.id === id)?.title ?? id;
  return [
    '## Expected change agents',
    '',
    'A deploy changes security groups, routes, IAM policies and bucket policies: the configuration-change detections below ' +
      'fire on every one. An environment names the principals that deploy it, and their changes stop paging:',
    '',
    '```ts',
    "expectedChangeAgents: ['arn:aws:iam::333333333333:role/terraform-deploy'],  // the shipped prod's",
    '```',
    '',
    `- Each configuration-change detection keeps its filter, metric and alarm unchanged (the CIS ones stay the text Security Hub checks), ` +
      'and its alarm becomes a record: its title ends "(a record: only unknown-principals page)", and it notifies the alarm topic, ' +
      'never the paging topic, whatever its severity.',
    `- Beside it, \`<id>.${UNKNOWN_PRINCIPAL}\` (severity high: it pages wherever high alarms page) counts only the changes made by anyone else. ` +
      'A role is compared by the session issuer (`userIdentity.sessionContext.sessionIssuer.arn`), so every session of the ' +
      'role is the agent; anything else by the caller\'s own ARN (`userIdentity.arn`). A trailing `*` matches any suffix.',
    '- Tampering is never in the list: `trail-tampering`, `log-bucket-tampering`, `trail-key-tampering`, `alarm-tampering`, ' +
      'the CloudTrail and KMS CIS detections and the rest fire whoever makes the change, the agents included.',
    "- The environment's dashboard shows each detection beside its variant: the difference is the agents' changes.",
    '- A variant is tuned or switched off by its own id in `detections`; otherwise it alarms as its detection does.',
    '- The exported module has no `expectedChangeAgents` yet: its detections are the catalog\'s.',
    '',
    'The configuration-change detections:',
    '',
    ...CONFIGURATION_CHANGE_DETECTIONS.map((id) => `- [${id}](#${id}): ${pattern(id)}`),
    '',
    '`npm run replay -- --env <env> --expected-change-agent <arn> <files>` shows what declaring a principal would change ' +
      'over log files you already have: the `PAGES` column says which alarms page, and the summary counts the pages.',
  ];
}

export function renderCisTextSection(): string[] {
  return [
    '## CIS text: Security Hub\'s or CIS v6.0.0',
    '',
    'The CIS detections are written, term for term, as AWS Security Hub checks them. Its CloudWatch.1-14 controls follow the ' +
      'CIS AWS Foundations Benchmark v1.2.0 and v1.4.0, and each "fails if the exact metric filters prescribed by CIS are not ' +
      `used. Additional fields or terms cannot be added to the metric filters" (${SECURITY_HUB_CLOUDWATCH_CONTROLS}). ` +
      'That is the default, `cisText: \'security-hub\'`.',
    '',
    'CIS AWS Foundations Benchmark v6.0.0 moved the monitoring recommendations to section 5 (5.1 to 5.15, and 5.16 that ' +
      'Security Hub is enabled). Of those, only 5.1, unauthorized API calls, reads differently: it leaves out calls from ' +
      '`delivery.logs.amazonaws.com` and `HeadBucket`. The benchmark is licensed; the text here is as the Steampipe AWS ' +
      `Compliance mod transcribes it (${STEAMPIPE_CIS_V6_5_1}):`,
    '',
    '```',
    UNAUTHORIZED_API_CALLS_CIS_V6,
    '```',
    '',
    `Filter patterns follow "the following standard order of operations: () > && > ||" (${FILTER_SYNTAX}), so the two exclusions apply to the \`AccessDenied*\` ` +
      'term only, as the benchmark writes it. `cisText: \'cis-v6.0.0\'` writes this text for `cis-unauthorized-api-calls`; ' +
      'Security Hub\'s CloudWatch.2 then fails, and the environment\'s definition says so as a warning at synth. The other CIS ' +
      'detections are the same in both.',
  ];
}
