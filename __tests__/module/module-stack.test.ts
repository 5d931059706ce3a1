import { Testing } from 'cdktf';
import { ComplianceCheck } from '../../modules/compliance/compliance-check';
import { evaluateCompliance } from '../../modules/compliance/evaluate';
import { DETECTION_CATALOG } from '../../modules/detections';
import { ModuleStack } from '../../stacks/module-stack';
import { inputsTable } from '../../scripts/lib/module-readme';
import { stackHcl } from '../../scripts/lib/hcl/stack-hcl';

describe('GIVEN the exported module stack', () => {
  const stack = new ModuleStack(Testing.app(), 'module');
  const json = JSON.parse(Testing.synth(stack));

  test('THEN it has no provider configuration and no backend, and pins the provider to >= 5.100, < 6.0', () => {
    expect(json.provider).toBeUndefined();
    expect(json.terraform.backend).toBeUndefined();
    expect(json.terraform.cloud).toBeUndefined();
    expect(json.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '>= 5.100, < 6.0' });
    expect(json.terraform.required_version).toBe('>= 1.5.0');
  });

  test('THEN every input the issue lists is a variable, the optional ones with defaults', () => {
    expect(Object.keys(json.variable).sort()).toEqual([
      'alarm_emails', 'data_event_read_write_type', 'detections', 'log_expire_after_days', 'log_retention_days', 'log_transition_after_days',
      'management_event_read_write_type', 'name', 'object_lock', 'replication', 'silence_alarm_after_minutes', 'tags', 'watched_buckets',
    ]);
    expect(json.variable.object_lock.default).toBeNull();
    expect(json.variable.watched_buckets.default).toEqual([]);
    expect(json.variable.name.default).toBeUndefined();
  });

  test('THEN the detections are one filter and one alarm with for_each over a local that merges var.detections into the catalog', () => {
    const [filter] = Object.values(json.resource.aws_cloudwatch_log_metric_filter) as any[];
    const [alarm] = Object.values(json.resource.aws_cloudwatch_metric_alarm).filter((a: any) => a.for_each) as any[];
    expect(filter.for_each).toBe('${local.detections}');
    expect(alarm.for_each).toBe('${local.detections}');
    expect(Object.keys(json.locals.detection_catalog).sort()).toEqual(DETECTION_CATALOG.map((d) => d.id).sort());
    expect(json.locals.detections).toContain('try(var.detections[id].enabled, true) != false');
    expect(json.locals.detection_catalog['s3-object-deletions'].pattern).toBe(
      '{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "DeleteObject") || ($.eventName = "DeleteObjects"))${local.watched_bucket_clause} }',
    );
    expect(filter.lifecycle.precondition[0].condition).toBe('${length(each.value.pattern) <= 1024}');
  });

  test('THEN the trail records every bucket but the log bucket when watched_buckets is empty, and only the listed ones otherwise', () => {
    const [trail] = Object.values(json.resource.aws_cloudtrail) as any[];
    const scope = trail.advanced_event_selector[1].field_selector[2];
    expect(scope.not_starts_with).toBe(
      '${length(var.watched_buckets) > 0 ? null : ["arn:${data.aws_partition.current.partition}:s3:::${var.name}-audit-logs-${data.aws_caller_identity.current.account_id}/"]}',
    );
    expect(scope.starts_with).toBe('${length(var.watched_buckets) > 0 ? [for bucket in var.watched_buckets : "arn:${data.aws_partition.current.partition}:s3:::${bucket}/"] : null}');
    expect(trail.advanced_event_selector[1].dynamic.field_selector.for_each).toBe('${var.data_event_read_write_type == "WriteOnly" ? ["readOnly"] : []}');
  });

  test('THEN Object Lock and replication exist only when their inputs are set', () => {
    const [lock] = Object.values(json.resource.aws_s3_bucket_object_lock_configuration) as any[];
    const [replication] = Object.values(json.resource.aws_s3_bucket_replication_configuration) as any[];
    expect(lock.count).toBe('${var.object_lock == null ? 0 : 1}');
    expect(replication.count).toBe('${var.replication == null ? 0 : 1}');
    expect(replication.role).toMatch(/^\$\{aws_iam_role\.AuditTrail_Replication_[0-9A-F]+\[0\]\.arn\}$/);
  });

  test('THEN prevent_destroy protects both buckets, the key and the log group, since no variable can set it', () => {
    for (const type of ['aws_s3_bucket', 'aws_kms_key', 'aws_cloudwatch_log_group']) {
      for (const resource of Object.values(json.resource[type]) as any[]) expect(resource.lifecycle.prevent_destroy).toBe(true);
    }
  });

  test('THEN it passes the compliance pack, with its plan-time choices suppressed with reasons', () => {
    const report = (stack.node.findChild('Compliance') as ComplianceCheck).evaluate();
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(report.suppressions.map((s) => s.rule).sort()).toEqual(['log-group-retention', 'trail-sns-topic']);
  });

  test('WHEN a CIS detection is missing from the module catalog THEN cis-detections fails on it', () => {
    const broken = JSON.parse(JSON.stringify(json));
    delete broken.locals.detection_catalog['cis-root-account-usage'];
    const report = evaluateCompliance('module', broken, {
      recordsDataEventReads: false, objectLock: false, blockDestructiveChanges: true, logBucketName: 'x', accountId: '1',
    });
    expect(report.findings.filter((f) => f.rule === 'cis-detections').map((f) => f.message)).toEqual([
      'cis-root-account-usage (Security Hub CloudWatch.1, CIS 1.7, CIS 4.3) is not in the module catalog',
    ]);
  });

  test('THEN the inputs table of its README describes the variables as rendered', async () => {
    const table = await inputsTable(stackHcl(stack));
    expect(table).toContain('| `name` | Base of every resource name');
    expect(table).toContain('| `object_lock` |');
    expect(table).toMatch(/\| `watched_buckets` \| .* \| `list\(string\)` \| `\[\]` \| no \|/);
    expect(table).toMatch(/\| `name` \| .* \| `string` \| — \| yes \|/);
  });
});
