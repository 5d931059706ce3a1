import { ANY_OCCURRENCE, Detection } from './detection';
import { anyEventName } from './pattern-parts';

const NAMESPACE = 'S3AuditTrail';

export const AUDIT_TRAIL_TAMPERING_DETECTIONS: readonly Detection[] = [
  {
    id: 'trail-tampering',
    title: 'CloudTrail logging stopped, deleted or reconfigured',
    severity: 'critical',
    group: 'audit-trail-tampering',
    description: 'StopLogging, DeleteTrail, UpdateTrail or PutEventSelectors on any trail: the audit record itself is at risk.',
    runbook:
      'Turning off or narrowing the trail is the first step of a careful attacker and a common accident. ' +
      'Find the call in the log group (eventSource cloudtrail.amazonaws.com), check userIdentity.arn and ' +
      'requestParameters.name. If not a planned change: re-apply this stack (terraform apply restores the ' +
      'trail), then treat the principal as compromised and review its other calls since.',
    filterPattern: `{ ($.eventSource = "cloudtrail.amazonaws.com") && ${anyEventName('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors')} }`,
    metricName: 'TrailTampering',
    namespace: NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
