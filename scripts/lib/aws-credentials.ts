/** Whether the AWS SDK's default credential chain finds credentials, asked before a command needs them. */

/** Any SDK client: its config resolves credentials through the default chain. */
export interface CredentialSource {
  readonly config: { credentials(): Promise<{ accessKeyId?: string; secretAccessKey?: string } | undefined> };
}

/** Whether `client`'s default provider chain finds credentials, within `timeoutMs`. */
export async function haveCredentials(client: CredentialSource, timeoutMs = 15_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    const credentials = await Promise.race([client.config.credentials(), timeout]);
    return credentials !== undefined && Boolean(credentials.accessKeyId) && Boolean(credentials.secretAccessKey);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
