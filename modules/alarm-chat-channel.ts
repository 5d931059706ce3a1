import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ChatbotSlackChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-slack-channel-configuration';
import { ChatbotTeamsChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-teams-channel-configuration';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { servicePrincipal } from './policy';

/** A Slack channel, by the ids the Chatbot console shows once the workspace is authorized. */
export interface SlackChannel {
  readonly type: 'slack';
  /** The Slack workspace (team) id, `T...`. */
  readonly workspaceId: string;
  /** The channel id, `C...` (or `G...` for an older private channel). */
  readonly channelId: string;
}

/** A Microsoft Teams channel, by the ids the Chatbot console shows once the team is authorized. */
export interface TeamsChannel {
  readonly type: 'teams';
  readonly tenantId: string;
  readonly teamId: string;
  /** The channel id as the Chatbot API takes it: URL-encoded, `19%3a...%40thread.tacv2`. */
  readonly channelId: string;
}

export type ChatChannel = SlackChannel | TeamsChannel;

/** What Chatbot writes to its log group `/aws/chatbot/<configuration name>`. */
export type ChatbotLoggingLevel = 'ERROR' | 'INFO' | 'NONE';

export interface AlarmChatChannelProps {
  /**
   * Chatbot configuration name, also the role's and the policy's name: letters, digits, `-` and
   * `_` (Chatbot), at most 64 characters (IAM role names).
   */
  readonly configurationName: string;
  readonly channel: ChatChannel;
  /** Topics whose notifications the channel receives. */
  readonly topicArns: readonly string[];
  /**
   * @default 'ERROR'
   */
  readonly loggingLevel?: ChatbotLoggingLevel;
  /**
   * Channel members run commands only with the IAM role each mapped to their chat identity, never
   * with the channel role (both stay inside the guardrail either way).
   * @default false
   */
  readonly userAuthorizationRequired?: boolean;
  /**
   * Provider for the channel configuration itself: the Chatbot API exists in a few regions only
   * (us-east-2, us-west-2, eu-west-1, ap-southeast-1), whatever region the topics are in.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** A chat channel as a stack asks for it: which alarms, and how; the stack names it and picks the topic. */
export interface AlarmChatSettings extends Omit<AlarmChatChannelProps, 'configurationName' | 'topicArns'> {
  /**
   * `all`: the main topic, which every alarm notifies. `paged`: the paging topic only.
   * @default 'all'
   */
  readonly alarms?: 'all' | 'paged';
}

// Chatbot's ConfigurationName pattern ([A-Za-z0-9-_]+, up to 128), within IAM's 64 for role names.
const CONFIGURATION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * An AWS Chatbot (Amazon Q Developer in chat applications) channel that posts the alarm topics'
 * notifications to Slack or Microsoft Teams. Its role can read CloudWatch and nothing else, and
 * the same policy is the channel's guardrail, so no member of the channel can do more, whatever
 * user role they bring: left unset, Chatbot's guardrail is AdministratorAccess.
 */
export class AlarmChatChannel extends Construct {
  public readonly role: IamRole;
  /** The one guardrail, and the role's only permissions. */
  public readonly guardrailPolicy: IamPolicy;
  public readonly configuration: ChatbotSlackChannelConfiguration | ChatbotTeamsChannelConfiguration;

  constructor(scope: Construct, id: string, props: AlarmChatChannelProps) {
    super(scope, id);
    if (!CONFIGURATION_NAME.test(props.configurationName)) {
      throw new Error(`configurationName: ${JSON.stringify(props.configurationName)} is not accepted; expected 1 to 64 letters, digits, hyphens and underscores (Chatbot's configuration name, which also names the IAM role)`);
    }

    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [
        {
          // Follows "Configuring an IAM role for AWS Chatbot" (Chatbot Administrator Guide), which
          // documents this trust without conditions: no page says Chatbot sends aws:SourceArn or
          // aws:SourceAccount when it assumes a channel role, and one it does not send would stop
          // every notification. The guardrail below is what confines the role.
          sid: 'AllowChatbotToAssumeTheChannelRole',
          principals: servicePrincipal('chatbot.amazonaws.com'),
          actions: ['sts:AssumeRole'],
        },
      ],
    });
    this.role = new IamRole(this, 'Role', {
      name: props.configurationName,
      description: `AWS Chatbot channel ${props.configurationName}: shows the audit alarms, reads CloudWatch only`,
      assumeRolePolicy: trust.json,
    });

    const notifications = new DataAwsIamPolicyDocument(this, 'GuardrailPolicyDocument', {
      statement: [
        {
          // Follows the "Notification permissions" policy (Chatbot Administrator Guide, "IAM policies for
          // AWS Chatbot"): what Chatbot needs to render an alarm and its chart, and no more. Resource "*"
          // as documented: CloudWatch's Get* and List* actions take no resource-level permissions.
          sid: 'AllowChatbotToReadCloudWatchForNotifications',
          actions: ['cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*'],
          resources: ['*'],
        },
      ],
    });
    this.guardrailPolicy = new IamPolicy(this, 'GuardrailPolicy', {
      name: `${props.configurationName}-notifications-only`,
      description: 'Guardrail and permissions of the audit alarm chat channel: CloudWatch read-only',
      policy: notifications.json,
    });
    new IamRolePolicyAttachment(this, 'RolePolicy', { role: this.role.name, policyArn: this.guardrailPolicy.arn });

    const common = {
      configurationName: props.configurationName,
      iamRoleArn: this.role.arn,
      snsTopicArns: [...props.topicArns],
      guardrailPolicyArns: [this.guardrailPolicy.arn],
      loggingLevel: props.loggingLevel ?? 'ERROR',
      userAuthorizationRequired: props.userAuthorizationRequired ?? false,
      provider: props.provider,
    };
    const channel = props.channel;
    this.configuration =
      channel.type === 'slack'
        ? new ChatbotSlackChannelConfiguration(this, 'Resource', { ...common, slackTeamId: channel.workspaceId, slackChannelId: channel.channelId })
        : new ChatbotTeamsChannelConfiguration(this, 'Resource', { ...common, tenantId: channel.tenantId, teamId: channel.teamId, channelId: channel.channelId });
  }
}
