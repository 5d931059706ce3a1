import { comparedAs, matchesNoneOf } from './bucket-intent';
import { DetectionOverride, PROJECT_NAMESPACE, ResolvedDetection } from './detection';
import { overriddenAlarm } from './resolve';

/**
 * Expected change agents: the principals that deploy an environment's infrastructure (its
 * Terraform role, its CI user). Their configuration changes are the everyday, reviewed kind, so
 * they should not wake anyone; anybody else's are worth a page.
 *
 * Each configuration-change detection below keeps its own filter, metric and alarm, unchanged (the
 * CIS ones stay the text Security Hub checks), and that alarm becomes a record: it notifies the
 * main topic, never the paging one. Beside it, a variant `<id>.unknown-principal` counts only the
 * changes by principals that are not expected change agents, at high severity, so it pages. The
 * dashboard shows the difference, the changes the agents made. Tampering with the trail, its log
 * buckets (log-bucket-tampering), its key or its alarms is never in this list.
 */
export const CONFIGURATION_CHANGE_DETECTIONS: readonly string[] = [
  'cis-iam-policy-changes',
  'iam-role-trust-policy-changes',
  'cis-config-changes',
  'cis-s3-bucket-policy-changes',
  'cis-security-group-changes',
  'security-group-rules-modified',
  'cis-nacl-changes',
  'cis-network-gateway-changes',
  'cis-route-table-changes',
  'cis-vpc-changes',
];

/** The variant of a configuration-change detection that counts changes by unknown principals. */
export const UNKNOWN_PRINCIPAL = 'unknown-principal';

export function unknownPrincipalId(detectionId: string): string {
  return `${detectionId}.${UNKNOWN_PRINCIPAL}`;
}

/** The detection a variant id belongs to, or undefined for any other id. */
export function variantOf(id: string): string | undefined {
  const suffix = `.${UNKNOWN_PRINCIPAL}`;
  return id.endsWith(suffix) && CONFIGURATION_CHANGE_DETECTIONS.includes(id.slice(0, -suffix.length)) ? id.slice(0, -suffix.length) : undefined;
}

/**
 * True when the caller is none of `agents`: a role by its session issuer (every session of the role
 * is the agent), anything else by the caller's own ARN. Unlike a bucket's expected writers, a user
 * is not also compared as a session issuer: a federation token minted from a deploy user's keys
 * is not the deploy pipeline, and each comparison saved keeps the CIS patterns within 1024
 * characters for more agents. A caller with neither ARN (an AWS service on its own) is not an agent.
 */
export function notAnAgent(agents: readonly string[]): string[] {
  const roles = agents.filter((agent) => comparedAs(agent).issuer && !comparedAs(agent).principal);
  return [
    matchesNoneOf('$.userIdentity.sessionContext.sessionIssuer.arn', roles),
    matchesNoneOf('$.userIdentity.arn', agents.filter((agent) => !roles.includes(agent))),
  ].filter((term): term is string => term !== undefined);
}

export interface ChangeAgentSettings {
  /** Principal ARN patterns, a trailing `*` matching any suffix. Empty: nothing changes. */
  readonly agents: readonly string[];
  /**
   * The environment's detection overrides: a variant is tuned or switched off by its own id, and
   * otherwise alarms as its detection does (with that detection's overrides).
   * @default none
   */
  readonly overrides?: Readonly<Record<string, DetectionOverride | undefined>>;
}

/**
 * `detections` with the expected change agents applied: each configuration-change detection made a
 * record (`routing: 'record'`), followed by its unknown-principal variant. Without agents, the
 * detections as they are.
 */
export function withChangeAgents(detections: readonly ResolvedDetection[], settings: ChangeAgentSettings): ResolvedDetection[] {
  if (settings.agents.length === 0) return [...detections];
  const variants: ResolvedDetection[] = [];
  const result = detections.map((detection) => {
    if (!CONFIGURATION_CHANGE_DETECTIONS.includes(detection.id)) return detection;
    const override = settings.overrides?.[unknownPrincipalId(detection.id)];
    if (override?.enabled !== false) variants.push(unknownPrincipalVariant(detection, settings, override));
    return {
      ...detection,
      // The title leads every alarm description, even when the explanation does not fit.
      title: `${detection.title} (a record: only ${UNKNOWN_PRINCIPAL}s page)`,
      routing: 'record' as const,
      description: `${detection.description} A record of every change, deploys included; ${unknownPrincipalId(detection.id)} pages for changes by anyone but the expected change agents.`,
    };
  });
  return [...result, ...variants];
}

function unknownPrincipalVariant(detection: ResolvedDetection, settings: ChangeAgentSettings, override?: DetectionOverride): ResolvedDetection {
  const inner = /^\s*\{([\s\S]*)\}\s*$/.exec(detection.filterPattern);
  if (!inner) throw new Error(`${detection.id}: only a JSON filter pattern can have an unknown-principal variant`);
  const excluded = notAnAgent(settings.agents).join(' && ');
  return {
    id: unknownPrincipalId(detection.id),
    title: `${detection.title}, by an unknown principal`,
    severity: 'high',
    description:
      `${detection.description} Only changes by principals that are not the environment's expected change agents ` +
      '(expectedChangeAgents) count here; all changes count on the record alarm of the same name without this suffix.',
    filterPattern: `{ (${inner[1].trim()}) && ${excluded} }`,
    metricName: `${detection.metricName}ByUnknownPrincipal`,
    namespace: PROJECT_NAMESPACE,
    alarm: overriddenAlarm(detection.alarm, override),
  };
}
