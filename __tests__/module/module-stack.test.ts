import { Testing } from 'cdktf';
import { ComplianceCheck } from '../../modules/compliance/compliance-check';
import { evaluateCompliance } from '../../modules/compliance/evaluate';
import { PROJECT_RUNBOOK_BASE_URL } from '../../modules/alarm-description';
import { DETECTION_CATALOG } from '../../modules/detections';
import { fastPathRules } from '../../modules/detections/fast-path';
import { insightsQuery } from '../../modules/detections/insights-query';
import { RUNBOOK_BASE_URL_EXPECTED } from '../../stacks/runbook-url-schema';
import { ModuleStack } from '../../stacks/module-stack';
import { inputsTable } from '../../scripts/lib/module-readme';
import { stackHcl } from '../../scripts/lib/hcl/stack-hcl';

describe('GIVEN the exported module stack', () => {
  const stack = new ModuleStack(Testing.app(), 'module');
  const json = JSON.parse(Testing.synth(stack));
  /** The resources of one type that iterate the catalog; the per-bucket ones iterate the watched buckets instead. */
  const catalogForEach = (type: string) => Object.values(json.resource[type] ?? {}).filter((r: any) => r.for_each === '${local.detections}') as any[];

  test('THEN it has no provider configuration and no backend, and pins the provider to >= 5.100, < 6.0', () => {
    expect(json.provider).toBeUndefined();
    expect(json.terraform.backend).toBeUndefined();
    expect(json.terraform.cloud).toBeUndefined();
    expect(json.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '>= 5.100, < 6.0' });
    expect(json.terraform.required_version).toBe('>= 1.5.0');
  });

  test('THEN no cdktf token is left unresolved anywhere in it: each became a Terraform reference', () => {
    expect(JSON.stringify(json)).not.toContain('TfToken');
  });

  test('THEN every input the issue lists is a variable, the optional ones with defaults', () => {
    expect(Object.keys(json.variable).sort()).toEqual([
      'alarm_emails', 'bucket_intents', 'data_event_read_write_type', 'detections', 'existing_trail', 'log_expire_after_days', 'log_retention_days', 'log_transition_after_days',
      'management_event_read_write_type', 'name', 'object_lock', 'organization', 'replication', 'runbook_base_url', 'silence_alarm_after_minutes', 'tags', 'unusual_volume', 'watched_buckets',
      'fast_path',
    ].sort());
    expect(json.variable.fast_path).toMatchObject({ type: 'bool', default: false, nullable: false });
    expect(json.variable.object_lock.default).toBeNull();
    expect(json.variable.watched_buckets.default).toEqual([]);
    expect(json.variable.name.default).toBeUndefined();
  });

  test('THEN the catalog detections are one filter and one alarm with for_each over a local that merges var.detections into the catalog', () => {
    const [filter, ...otherCatalogFilters] = catalogForEach('aws_cloudwatch_log_metric_filter');
    const [alarm, ...otherCatalogAlarms] = catalogForEach('aws_cloudwatch_metric_alarm');
    expect(filter).toBeDefined();
    expect(alarm).toBeDefined();
    expect([...otherCatalogFilters, ...otherCatalogAlarms]).toEqual([]);
    expect(Object.keys(json.locals.detection_catalog).sort()).toEqual(DETECTION_CATALOG.map((d) => d.id).sort());
    expect(json.locals.detections).toContain('try(var.detections[id].enabled, true) != false');
    expect(json.locals.detection_catalog['s3-object-deletions'].pattern).toBe(
      '{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "DeleteObject") || ($.eventName = "DeleteObjects")) && ($.errorCode NOT EXISTS)${local.watched_bucket_clause} }',
    );
    expect(filter.lifecycle.precondition[0].condition).toBe('${length(each.value.pattern) <= 1024}');
  });

  test('THEN an any-occurrence detection alarms on 1 of 10 one-minute periods, a windowed one on all its periods, however var.detections sets their number', () => {
    const [alarm] = catalogForEach('aws_cloudwatch_metric_alarm');
    expect(alarm.datapoints_to_alarm).toBe('${each.value.datapoints_to_alarm}');
    expect(json.locals.detection_catalog['s3-object-deletions']).toMatchObject({ period_seconds: 60, evaluation_periods: 10, datapoints_to_alarm: 1 });
    expect(json.locals.detection_catalog['s3-access-denied-probing']).toMatchObject({ period_seconds: 300, evaluation_periods: 1, datapoints_to_alarm: 0 });
    const periods = 'coalesce(try(var.detections[id].evaluation_periods, null), detection.evaluation_periods)';
    expect(json.locals.detections).toContain(`datapoints_to_alarm = detection.datapoints_to_alarm == 0 ? ${periods} : min(detection.datapoints_to_alarm, ${periods})`);
  });

  test('THEN each detection has its saved Logs Insights query, with for_each, its watched-bucket term built from the variable as the translator writes it', () => {
    const [query] = catalogForEach('aws_cloudwatch_query_definition');
    expect(query).toMatchObject({ name: '${var.name}/${each.key}', query_string: '${each.value.insights_query}' });
    const catalog = json.locals.detection_catalog['s3-object-deletions'];
    const [fields, filter, sort] = insightsQuery('{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "DeleteObject") || ($.eventName = "DeleteObjects")) && ($.errorCode NOT EXISTS) }').split('\n');
    expect(catalog.insights_query).toBe([fields, `${filter}\${local.watched_bucket_insights_clause}`, sort].join('\n'));
    expect(json.locals.watched_bucket_insights_clause).toBe(
      '${length(var.watched_buckets) == 0 ? "" : (length(var.watched_buckets) == 1 ? " and requestParameters.bucketName = \\"${var.watched_buckets[0]}\\"" : " and requestParameters.bucketName in [\\"${join("\\", \\"", var.watched_buckets)}\\"]")}',
    );
  });

  test('THEN alarm descriptions link the runbook under var.runbook_base_url, or by default the runbooks the module ships into the account, never the example', () => {
    expect(json.variable.runbook_base_url.default).toBe('');
    expect(json.variable.runbook_base_url.validation[0].error_message).toBe(`runbook_base_url is not accepted; ${RUNBOOK_BASE_URL_EXPECTED}, or "" for the runbooks shipped into the account.`);
    expect(json.variable.runbook_base_url.validation[1].condition).toBe(`\${var.runbook_base_url != "${PROJECT_RUNBOOK_BASE_URL}"}`);
    const [alarm] = catalogForEach('aws_cloudwatch_metric_alarm');
    // Per-bucket entries (`<template>.<bucket>`) share the for_each, and link their template's section.
    expect(alarm.alarm_description).toContain('Runbook: ${var.runbook_base_url == "" ? ');
    expect(alarm.alarm_description).toContain('#dashboards/dashboard/${var.name}-runbooks" : "${var.runbook_base_url}#${split(".", each.key)[0]}"}');
    const [runbooks] = Object.values(json.resource.aws_cloudwatch_dashboard) as any[];
    expect(runbooks.dashboard_name).toBe('${var.name}-runbooks');
  });

  test('THEN the trail records every bucket but the log bucket when watched_buckets is empty, and only the listed ones otherwise', () => {
    const [trail] = Object.values(json.resource.aws_cloudtrail) as any[];
    const [, data] = trail.dynamic.advanced_event_selector;
    expect(data.for_each).toBe('${[1]}');
    const scope = data.content.field_selector[2];
    expect(scope.not_starts_with).toBe(
      '${length(var.watched_buckets) > 0 ? null : ["arn:${data.aws_partition.current.partition}:s3:::${var.name}-audit-logs-${data.aws_caller_identity.current.account_id}/"]}',
    );
    expect(scope.starts_with).toBe('${length(var.watched_buckets) > 0 ? [for bucket in var.watched_buckets : "arn:${data.aws_partition.current.partition}:s3:::${bucket}/"] : null}');
    expect(data.content.dynamic.field_selector.for_each).toBe('${var.data_event_read_write_type == "WriteOnly" ? ["readOnly"] : []}');
  });

  test('THEN Object Lock and replication exist only when their inputs are set', () => {
    const [lock] = Object.values(json.resource.aws_s3_bucket_object_lock_configuration) as any[];
    const [replication] = Object.values(json.resource.aws_s3_bucket_replication_configuration) as any[];
    expect(lock.count).toBe('${var.object_lock == null ? 0 : 1}');
    expect(replication.count).toBe('${var.replication == null ? 0 : 1}');
    expect(replication.role).toMatch(/^\$\{aws_iam_role\.AuditTrail_Replication_[0-9A-F]+\[0\]\.arn\}$/);
  });

  describe('THEN fast_path is one switch for the fast path and the statements it needs', () => {
    const rules = fastPathRules({ watchedBuckets: 'all', logGroupName: 'g', kmsKeyArn: 'k', logBucketNames: [], bucketIntents: [] });
    const kept = (id: string) => `var.fast_path && try(var.detections[${id}].enabled, true) != false`;

    test('WHEN it is on THEN a rule per catalog rule exists, unless var.detections switches its detection off, with a target per topic its severity notifies', () => {
      expect(Object.keys(json.locals.fast_path_rules).sort()).toEqual(rules.map((rule) => rule.id).sort());
      const [rule] = Object.values(json.resource.aws_cloudwatch_event_rule) as any[];
      expect(rule).toMatchObject({ for_each: `\${{ for id, rule in local.fast_path_rules : id => rule if ${kept('id')} }}`, name: '${each.value.name}', event_pattern: '${each.value.event_pattern}' });
      const [target] = Object.values(json.resource.aws_cloudwatch_event_target) as any[];
      expect(target.for_each).toBe(`\${{ for key, target in local.fast_path_targets : key => target if ${kept('target.rule')} }}`);
      expect(target.rule).toMatch(/^\$\{aws_cloudwatch_event_rule\.AuditTrail_FastPath_Rule_[0-9A-F]+\[each\.value\.rule\]\.name\}$/);
      expect(Object.keys(json.locals.fast_path_targets).sort()).toEqual(rules.map((rule) => `${rule.id}/0`).sort());
      expect(json.locals.fast_path_targets['trail-tampering/0']).toEqual({ rule: 'trail-tampering', arn: expect.stringMatching(/^\$\{aws_sns_topic\.AuditTrail_Alarms_[0-9A-F]+\.arn\}$/), target_id: 'alarm-topic' });
    });

    test('THEN each rule is named as the stacks name it, cut with a hash past 64 characters, by Terraform', () => {
      const name = '"${var.name}-kms-imported-key-material-deleted"';
      expect(json.locals.fast_path_rules['kms-imported-key-material-deleted'].name).toBe(
        `\${length(${name}) <= 64 ? ${name} : "\${substr(${name}, 0, 55)}-\${substr(sha256(${name}), 0, 8)}"}`,
      );
    });

    test('THEN the SSE-C rule names var.watched_buckets, or no bucket when it is empty; the others are fixed patterns', () => {
      const pattern = json.locals.fast_path_rules['s3-sse-c-writes'].event_pattern as string;
      expect(pattern).toMatch(/^\$\{length\(var\.watched_buckets\) == 0 \? ".*" : replace\(".*", "\[\\"watched-bucket-placeholder\\"\]", jsonencode\(var\.watched_buckets\)\)\}$/);
      expect(() => JSON.parse(json.locals.fast_path_rules['trail-tampering'].event_pattern)).not.toThrow();
    });

    test('THEN the key policy and the topic policy are those with the EventBridge statement when it is on, those without when it is off', () => {
      const [key] = Object.values(json.resource.aws_kms_key) as any[];
      const [topicPolicy] = Object.values(json.resource.aws_sns_topic_policy) as any[];
      const documents = json.data.aws_iam_policy_document;
      for (const [policy, sid] of [[key.policy, 'AllowEventBridgeToUseTheKeyForTheTopics'], [topicPolicy.policy, 'AllowThisStacksRulesToPublish']]) {
        const [, on, off] = /^\$\{var\.fast_path \? data\.aws_iam_policy_document\.(\S+)\[0\]\.json : data\.aws_iam_policy_document\.(\S+)\[0\]\.json\}$/.exec(policy)!;
        const sids = (id: string) => documents[id].statement.map((statement: { sid: string }) => statement.sid);
        expect(sids(on)).toEqual([...sids(off), sid]);
        // Terraform reads only the document that applies.
        expect([documents[on].count, documents[off].count]).toEqual(['${var.fast_path ? 1 : 0}', '${var.fast_path ? 0 : 1}']);
      }
    });

    test('THEN the failure alarm exists with it, on the rules Terraform names', () => {
      const [failed] = (Object.values(json.resource.aws_cloudwatch_metric_alarm) as any[]).filter((alarm) => alarm.alarm_name === '${var.name}-fast-path-failed');
      expect(failed.count).toBe('${var.fast_path ? 1 : 0}');
      expect(failed.metric_query[0].metric.dimensions.RuleName).toBe('${local.fast_path_rules["trail-tampering"].name}');
    });
  });

  test('THEN prevent_destroy protects both buckets, the key and the log group, since no variable can set it', () => {
    for (const type of ['aws_s3_bucket', 'aws_kms_key', 'aws_cloudwatch_log_group']) {
      for (const resource of Object.values(json.resource[type]) as any[]) expect(resource.lifecycle.prevent_destroy).toBe(true);
    }
  });

  test('THEN it passes the compliance pack, with its plan-time choices suppressed with reasons', () => {
    const report = (stack.node.findChild('Compliance') as ComplianceCheck).evaluate();
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(report.suppressions.map((s) => s.rule).sort()).toEqual(['log-group-retention']);
  });

  test('WHEN a CIS detection is missing from the module catalog THEN cis-detections fails on it', () => {
    const broken = JSON.parse(JSON.stringify(json));
    delete broken.locals.detection_catalog['cis-root-account-usage'];
    const report = evaluateCompliance('module', broken, {
      recordsDataEventReads: false, objectLock: false, blockDestructiveChanges: true, logBucketName: 'x', accountId: '1',
    });
    expect(report.findings.filter((f) => f.rule === 'cis-detections').map((f) => f.message)).toEqual([
      'cis-root-account-usage (Security Hub CloudWatch.1, CIS 1.7, CIS 4.3, CIS v6.0.0 5.3) is not in the module catalog',
    ]);
  });

  test('THEN the inputs table of its README describes the variables as rendered', async () => {
    const table = await inputsTable(stackHcl(stack));
    expect(table).toContain('| `name` | Base of every resource name');
    expect(table).toContain('| `object_lock` |');
    expect(table).toMatch(/\| `watched_buckets` \| .* \| `list\(string\)` \| `\[\]` \| no \|/);
    expect(table).toMatch(/\| `name` \| .* \| `string` \| — \| yes \|/);
    // Renders the whole module as HCL and parses it back: seconds on a busy machine.
  }, 60_000);
});
