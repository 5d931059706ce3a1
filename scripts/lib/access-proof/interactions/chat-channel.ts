import { CHATBOT_GUARDRAILS, CHATBOT_NOTIFICATION_PERMISSIONS, CHATBOT_ROLE } from '../../../../modules/aws-pages';
import { Interaction, OVER_TLS } from '../interaction';
import type { ProofSubject } from '../proof-subject';
import type { NamedPolicy, SimulationRequest } from '../simulator';
import { ExpressionError } from '../terraform-expression';

const CHATBOT_CONFIGURATIONS = ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration'];

/**
 * Chatbot assumes the channel role and reads CloudWatch to render an alarm; inside the channel's
 * guardrail (which bounds every role the channel uses) nothing else is possible.
 */
export function chatChannel(subject: ProofSubject): Interaction[] {
  const account = subject.accountId;
  return CHATBOT_CONFIGURATIONS.flatMap((type) => subject.instances(type)).flatMap((configuration): Interaction[] => {
    const roleArn = configuration.attributes.iam_role_arn as string;
    const guardrails = ((configuration.attributes.guardrail_policy_arns as string[] | undefined) ?? []).map((arn): NamedPolicy => {
      const policy = subject.policyOf('managed policy', arn);
      if (!policy) throw new ExpressionError(`${configuration.address}: the guardrail ${arn} is not a policy of the stack`);
      return policy;
    });
    if (guardrails.length === 0) throw new ExpressionError(`${configuration.address} has no guardrail: Chatbot then bounds the channel by AdministratorAccess`);
    const roleName = roleArn.split('/').pop() as string;
    const session = `arn:${subject.partition}:sts::${account}:assumed-role/${roleName}/chatbot`;
    const byChannel = (action: string, resource: string, extra: Partial<SimulationRequest> = {}): SimulationRequest => ({
      principal: session, action, resource, resourceAccount: account, context: OVER_TLS, identityPolicies: subject.identityPoliciesOf(roleArn), permissionBoundaries: guardrails, ...extra,
    });
    const assume = (principal: string): SimulationRequest => ({ principal, action: 'sts:AssumeRole', resource: roleArn, resourceAccount: account, context: {}, resourcePolicy: subject.policyOf('trust policy', roleArn) });
    const alarmArn = (subject.instances('aws_cloudwatch_metric_alarm')[0]?.attributes.arn as string | undefined) ?? `arn:${subject.partition}:cloudwatch:${subject.location.region}:${account}:alarm:any-alarm`;
    const logBucket = subject.instances('aws_cloudtrail')[0]?.attributes.s3_bucket_name as string | undefined;
    return [
      {
        kind: 'chatbot-assumes-the-channel-role',
        id: `chatbot-assumes-the-channel-role:${roleArn}`,
        says: 'Chatbot assumes the channel role to render a notification',
        expect: 'allowed',
        request: assume('chatbot.amazonaws.com'),
        source: CHATBOT_ROLE,
      },
      // DescribeAlarms names alarms; the metric reads take no resource (Service Authorization Reference).
      ...([['cloudwatch:DescribeAlarms', alarmArn], ['cloudwatch:GetMetricData', '*'], ['cloudwatch:ListMetrics', '*']] as const).map(([action, resource]): Interaction => ({
        kind: 'channel-reads-cloudwatch-for-a-notification',
        id: `channel-reads-cloudwatch-for-a-notification:${roleArn}:${action}`,
        says: `The channel role calls ${action} to show the alarm and its chart`,
        expect: 'allowed',
        request: byChannel(action, resource),
        source: CHATBOT_NOTIFICATION_PERMISSIONS,
        alsoFrom: [CHATBOT_GUARDRAILS],
      })),
      {
        kind: 'channel-deletes-an-alarm',
        id: `channel-deletes-an-alarm:${roleArn}`,
        says: 'A channel member deletes an alarm through the channel role',
        expect: 'denied',
        request: byChannel('cloudwatch:DeleteAlarms', alarmArn),
        source: CHATBOT_GUARDRAILS,
      },
      ...(logBucket
        ? [{
            kind: 'channel-reads-the-log-files',
            id: `channel-reads-the-log-files:${roleArn}`,
            says: 'A channel member reads the trail log files through the channel role',
            expect: 'denied' as const,
            request: byChannel('s3:GetObject', `${subject.bucketArn(logBucket)}/AWSLogs/${account}/any-log-file`, { resourcePolicy: subject.policyOf('bucket policy', subject.bucketArn(logBucket)) }),
            source: CHATBOT_GUARDRAILS,
          }]
        : []),
      {
        kind: 'another-service-assumes-the-channel-role',
        id: `another-service-assumes-the-channel-role:${roleArn}`,
        says: 'Another AWS service (EC2) assumes the channel role',
        expect: 'denied',
        request: assume('ec2.amazonaws.com'),
        source: CHATBOT_ROLE,
      },
    ];
  });
}
