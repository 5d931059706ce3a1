import { BUCKET_INTENT_TEMPLATES } from './bucket-intent';
import { BUCKET_VOLUMES } from './bucket-volume';
import { Detection } from './detection';

/**
 * The runbooks, as the stacks ship them into each account (modules/runbook-dashboard.ts): one
 * section per runbook anchor an alarm can link, in the order docs/detections.md has them.
 */
export interface RunbookSection {
  /** The anchor alarms link: a detection or template id, or an alarm's own. */
  readonly anchor: string;
  readonly title: string;
  readonly text: string;
}

/** The delivery heartbeat's anchor and runbook (`<prefix>-<env>-trail-delivery-stopped`). */
export const HEARTBEAT_RUNBOOK: RunbookSection = {
  anchor: 'trail-delivery-stopped',
  title: 'The trail delivered no events',
  text:
    'Metric filters cannot report their own silence: a stopped trail, a deleted delivery role or an unusable key leaves every ' +
    'detection quiet. Check the trail status (IsLogging, LatestCloudWatchLogsDeliveryError, LatestDeliveryError); if logging ' +
    'was stopped, trail-tampering should have fired too: re-apply the environment, then investigate the caller. A delivery ' +
    'error names the role or the key policy; re-applying the stack restores both.',
};

/** The fast path's delivery alarm (`<prefix>-<env>-fast-path-failed-<n>`). */
export const FAST_PATH_FAILED_RUNBOOK: RunbookSection = {
  anchor: 'fast-path-failed',
  title: 'The fast path could not deliver a message',
  text:
    'EventBridge gave up publishing a fast-path message; the alarms still report the event, minutes later. Look for sns:Publish ' +
    'or kms:GenerateDataKey refused to events.amazonaws.com in CloudTrail: the topic policy statement AllowThisStacksRulesToPublish ' +
    "(its aws:SourceArn condition) or the key policy's AllowEventBridgeToUseTheKeyForTheTopics is the cause. See " +
    'docs/detections.md, fast-path-failed, on what AWS documents about that condition.',
};

/** Every runbook section of the catalog, the per-bucket templates, the volume alarms and the two alarms of their own. */
export function runbookSections(catalog: readonly Detection[]): RunbookSection[] {
  return [
    ...catalog.map((detection) => ({ anchor: detection.id, title: detection.title, text: detection.runbook })),
    ...BUCKET_INTENT_TEMPLATES.map((template) => ({ anchor: template.id, title: `Per bucket: ${template.id}`, text: template.runbook })),
    ...BUCKET_VOLUMES.map((volume) => ({ anchor: volume.templateId, title: `Per bucket: unusual volume of object ${volume.what}`, text: volume.runbook })),
    HEARTBEAT_RUNBOOK,
    FAST_PATH_FAILED_RUNBOOK,
  ];
}
