/**
 * Who a CloudTrail record is about, for "top principals". A role is named by the role (its session
 * issuer), not by the session: a service's sessions change name with every run, and the question
 * is which role did it. Shapes per the CloudTrail userIdentity element (AWS CloudTrail User Guide).
 */

type Identity = {
  readonly type?: unknown;
  readonly arn?: unknown;
  readonly principalId?: unknown;
  readonly invokedBy?: unknown;
  readonly sessionContext?: { readonly sessionIssuer?: { readonly arn?: unknown } };
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function principalOf(record: Readonly<Record<string, unknown>>): string {
  const identity = (record.userIdentity ?? {}) as Identity;
  if (identity.type === 'AssumedRole') {
    const issuer = text(identity.sessionContext?.sessionIssuer?.arn);
    if (issuer) return issuer;
  }
  return (
    text(identity.arn) ??
    text(identity.invokedBy) ??
    (text(identity.principalId) && `${String(identity.type ?? 'unknown type')} ${String(identity.principalId)}`) ??
    text(identity.type) ??
    '(no identity)'
  );
}
