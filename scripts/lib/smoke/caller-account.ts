/** Whose credentials the run would use, checked before it changes anything. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { describeError } from './step-result';

export const HOW_TO_PROVIDE_CREDENTIALS =
  'set AWS_PROFILE to a profile for that account (run `aws sso login --profile <name>` first if it uses IAM Identity Center), ' +
  'or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials)';

/** The SDK found no credentials, or AWS refused the ones it found (expired, deleted, mistyped). */
const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'TokenRefreshRequired',
  'InvalidAccessKeyId',
]);

export function isCredentialsError(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && CREDENTIAL_ERROR_NAMES.has(name);
}

export type CallerCheck =
  | { readonly ok: true; readonly arn: string }
  | { readonly ok: false; readonly message: string };

/** GetCallerIdentity, bounded: the caller must be in the environment's own account. */
export async function checkCallerAccount(
  sts: Pick<STSClient, 'send'>,
  env: { readonly name: string; readonly accountId: string },
  timeoutMs = 30_000,
): Promise<CallerCheck> {
  let identity;
  try {
    identity = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (isCredentialsError(error)) {
      return {
        ok: false,
        message:
          `no usable AWS credentials for account ${env.accountId} (environment "${env.name}"): ${HOW_TO_PROVIDE_CREDENTIALS}. ` +
          `STS GetCallerIdentity said: ${describeError(error)}`,
      };
    }
    return { ok: false, message: `cannot ask STS whose credentials these are: ${describeError(error)}` };
  }
  if (identity.Account !== env.accountId) {
    return {
      ok: false,
      message:
        `these credentials are for account ${identity.Account ?? '(unknown)'} (${identity.Arn ?? 'unknown caller'}), but environment ` +
        `"${env.name}" deploys to account ${env.accountId}: use credentials for ${env.accountId}`,
    };
  }
  return { ok: true, arn: identity.Arn ?? '(unknown caller)' };
}
