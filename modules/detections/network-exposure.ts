import { ANY_OCCURRENCE, Detection, PROJECT_NAMESPACE } from './detection';
import { allOf, anyEventName, fromService } from './pattern-parts';

/**
 * Network paths opened in ways the CIS network controls do not list. Security group rules
 * authorized or revoked are CIS CloudWatch.10, kept verbatim in cis-foundations.
 */

export const NETWORK_EXPOSURE_DETECTIONS: readonly Detection[] = [
  {
    id: 'security-group-rules-modified',
    title: 'Security group rules modified in place',
    severity: 'medium',
    group: 'network-exposure',
    description:
      "ModifySecurityGroupRules: an existing rule's protocol, ports or source changed, which CIS " +
      'CloudWatch.10 (authorize, revoke, create, delete) does not list.',
    runbook:
      'Editing a rule in place opens a port or widens a source without any Authorize call. Read ' +
      'requestParameters.ModifySecurityGroupRulesRequest (GroupId, SecurityGroupRule: CidrIpv4, CidrIpv6, ' +
      'FromPort, ToPort) and look for 0.0.0.0/0 or ::/0; revert rules nobody asked for through the code that ' +
      'owns the group.',
    filterPattern: allOf(fromService('ec2.amazonaws.com'), anyEventName('ModifySecurityGroupRules')),
    metricName: 'SecurityGroupRulesModified',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
