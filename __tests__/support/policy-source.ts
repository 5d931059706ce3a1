import { POLICY_SOURCES } from '../../modules/policy-sources';

/** `(follows <AWS page title>)`: how a policy test names the AWS page its statement follows. */
export function follows(sid: string): string {
  const source = POLICY_SOURCES[sid];
  if (!source) throw new Error(`no AWS page is recorded for statement ${sid} in modules/policy-sources.ts`);
  return `(follows ${source.follows.title})`;
}
