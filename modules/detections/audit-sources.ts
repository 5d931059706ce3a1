import { ANY_OCCURRENCE, Detection, PROJECT_NAMESPACE } from './detection';
import { allOf, anyEventName, anyOf, fromService } from './pattern-parts';

/**
 * The other records and detectors an investigation relies on, switched off or blinded. AWS Config's
 * recorder stopped and delivery channel changed are CIS CloudWatch.9, kept verbatim in
 * cis-foundations; only what that control leaves out is here.
 */

/**
 * UpdateDetector with `enable` false suspends the detector. CloudTrail records request booleans as
 * JSON booleans; the string form is matched too, so that a client sending "false" is not missed.
 */
const DETECTOR_SUSPENDED = '(($.requestParameters.enable IS FALSE) || ($.requestParameters.enable = "false"))';

export const AUDIT_SOURCES_DETECTIONS: readonly Detection[] = [
  {
    id: 'vpc-flow-logs-deleted',
    title: 'VPC flow logs deleted',
    severity: 'high',
    group: 'audit-sources',
    description: 'DeleteFlowLogs: a VPC, subnet or network interface stops recording its traffic.',
    runbook:
      'Flow logs are the record of where data went over the network. Read ' +
      'requestParameters.DeleteFlowLogsRequest.FlowLogId and the caller; a deletion just before DeleteVpc is ' +
      'usually a teardown. Otherwise recreate the flow logs through the code that owns them and review the ' +
      "principal's other calls.",
    filterPattern: allOf(fromService('ec2.amazonaws.com'), anyEventName('DeleteFlowLogs')),
    metricName: 'VpcFlowLogsDeleted',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'dns-query-logging-deleted',
    title: 'Route 53 Resolver query logging deleted or detached',
    severity: 'high',
    group: 'audit-sources',
    description: 'DeleteResolverQueryLogConfig or DisassociateResolverQueryLogConfig: DNS queries from a VPC stop being logged.',
    runbook:
      'DNS query logs show which hosts a workload resolved, exfiltration endpoints included. Read ' +
      'requestParameters.resolverQueryLogConfigId (and resourceId for a detached VPC) and the caller; restore ' +
      'the configuration and its VPC associations unless the change was planned.',
    filterPattern: allOf(
      fromService('route53resolver.amazonaws.com'),
      anyEventName('DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'),
    ),
    metricName: 'DnsQueryLoggingDeleted',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'guardduty-disabled',
    title: 'GuardDuty disabled, detached or told to ignore',
    severity: 'high',
    group: 'audit-sources',
    description:
      'A GuardDuty detector deleted or suspended (UpdateDetector with enable false), the account detached from ' +
      'its administrator, members removed or no longer monitored, a trusted IP list added or changed, or a ' +
      'filter that archives findings as they arrive.',
    runbook:
      'Each of these stops findings reaching anyone: a deleted detector also discards its findings, a trusted ' +
      'IP list (CreateIPSet) silences findings for those addresses, an ARCHIVE filter hides matching findings. ' +
      'Read requestParameters (detectorId, enable, ipSetId, action, findingCriteria) and the caller; re-enable ' +
      'the detector, re-associate the account and remove lists and filters nobody approved.',
    filterPattern: allOf(
      fromService('guardduty.amazonaws.com'),
      anyOf(
        anyEventName(
          'DeleteDetector',
          'DisassociateFromMasterAccount',
          'DisassociateFromAdministratorAccount',
          'DisassociateMembers',
          'DeleteMembers',
          'StopMonitoringMembers',
          'CreateIPSet',
          'UpdateIPSet',
        ),
        `(${anyEventName('UpdateDetector')} && ${DETECTOR_SUSPENDED})`,
        `(${anyEventName('CreateFilter', 'UpdateFilter')} && ($.requestParameters.action = "ARCHIVE"))`,
      ),
    ),
    metricName: 'GuardDutyDisabled',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'security-hub-disabled',
    title: 'Security Hub disabled, detached or its standards turned off',
    severity: 'high',
    group: 'audit-sources',
    description:
      'DisableSecurityHub, BatchDisableStandards, DisableImportFindingsForProduct, the account detached from ' +
      'its administrator, or members removed.',
    runbook:
      'Security Hub is where the CIS checks this project satisfies are reported; disabling a standard or ' +
      'product integration hides its failures. Read requestParameters (StandardsSubscriptionArns, ' +
      'ProductSubscriptionArn) and the caller; re-enable Security Hub and the standards, and re-associate the ' +
      'account with its administrator.',
    filterPattern: allOf(
      fromService('securityhub.amazonaws.com'),
      anyEventName(
        'DisableSecurityHub',
        'BatchDisableStandards',
        'DisableImportFindingsForProduct',
        'DisassociateFromMasterAccount',
        'DisassociateFromAdministratorAccount',
        'DisassociateMembers',
        'DeleteMembers',
      ),
    ),
    metricName: 'SecurityHubDisabled',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'access-analyzer-deleted',
    title: 'IAM Access Analyzer deleted or its findings auto-archived',
    severity: 'high',
    group: 'audit-sources',
    description: 'DeleteAnalyzer, or an archive rule created or updated (CreateArchiveRule, UpdateArchiveRule).',
    runbook:
      'Access Analyzer reports buckets, keys and roles shared outside the account. Without the analyzer, or ' +
      'with an archive rule matching them, a bucket opened to another account raises no finding. Read ' +
      'requestParameters (analyzerName, ruleName, filter) and the caller; recreate the analyzer and remove ' +
      'archive rules nobody approved.',
    filterPattern: allOf(
      fromService('access-analyzer.amazonaws.com'),
      anyEventName('DeleteAnalyzer', 'CreateArchiveRule', 'UpdateArchiveRule'),
    ),
    metricName: 'AccessAnalyzerDeleted',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'config-recorder-deleted',
    title: 'AWS Config recorder deleted',
    severity: 'medium',
    group: 'audit-sources',
    description:
      'DeleteConfigurationRecorder, which the CIS Config control (CloudWatch.9) does not list: it covers a ' +
      'stopped recorder, not a deleted one.',
    runbook:
      'Without a recorder no configuration change is recorded and no Config rule is evaluated. Read ' +
      'requestParameters.configurationRecorderName and the caller; recreate the recorder and start it ' +
      '(PutConfigurationRecorder, StartConfigurationRecorder).',
    filterPattern: allOf(fromService('config.amazonaws.com'), anyEventName('DeleteConfigurationRecorder')),
    metricName: 'ConfigRecorderDeleted',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
