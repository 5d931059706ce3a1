import { DETECTION_CATALOG } from '../../detections';
import { ComplianceRule } from '../rule';

const CIS = DETECTION_CATALOG.filter((detection) => detection.group === 'cis-foundations');

export const cisDetections: ComplianceRule = {
  id: 'cis-detections',
  level: 'error',
  description: 'Every CIS monitoring detection has its metric filter and an alarm that notifies someone.',
  scannerIds: [],
  controls: ['Security Hub CloudWatch.1-14', 'CIS 4.1-4.15'],
  fix: 'enable the detection in the environment, or suppress this rule for aws_cloudwatch_metric_alarm.<detection id> with the reason',
  needs: ['detections'],
  check(stack) {
    const filters = stack.resources('aws_cloudwatch_log_metric_filter');
    const alarms = stack.resources('aws_cloudwatch_metric_alarm');
    // The exported module makes them with for_each over its catalog local: every CIS detection
    // must be in the catalog (the caller can still switch one off, in writing, by variable).
    const perDetection = alarms.find((alarm) => alarm.config.for_each !== undefined);
    if (perDetection) {
      const catalog = ((stack.json as { locals?: Record<string, unknown> }).locals?.detection_catalog ?? {}) as Record<string, unknown>;
      const actions = (perDetection.config.alarm_actions ?? []).length > 0;
      return CIS.filter((detection) => !(detection.id in catalog) || !actions).map((detection) => ({
        resource: perDetection.address,
        message: `${detection.id} (${(detection.controls ?? []).join(', ')}) is ${detection.id in catalog ? 'not alarmed with an action' : 'not in the module catalog'}`,
      }));
    }
    return CIS.flatMap((detection) => {
      const filter = filters.find((f) => String(f.config.name).endsWith(`-${detection.id}`));
      const alarm = alarms.find((a) => String(a.config.alarm_name).endsWith(`-${detection.id}`));
      if (filter && alarm && (alarm.config.alarm_actions ?? []).length > 0) return [];
      return [{
        resource: alarm?.address ?? `aws_cloudwatch_metric_alarm.${detection.id}`,
        message: `${detection.id} (${(detection.controls ?? []).join(', ')}) is ${filter ? 'not alarmed with an action' : 'not deployed'}`,
      }];
    });
  },
};
