import { POLICY_SOURCES } from '../../policy-sources';
import { hasConfusedDeputyGuard } from '../../synthesized-policies';
import { ComplianceRule } from '../rule';

/**
 * The exceptions are the statements modules/policy-sources.ts records with a
 * `confusedDeputyException`, each with the AWS page that documents why: one list, read here,
 * by docs/policies.md and by its tests.
 */
export const confusedDeputy: ComplianceRule = {
  id: 'confused-deputy',
  level: 'error',
  description: 'Every statement for an AWS service carries aws:SourceArn / aws:SourceAccount or an encryption-context condition, except where AWS documents otherwise.',
  scannerIds: [],
  fix: 'add aws:SourceArn (the one resource acting) and aws:SourceAccount, or record the documented exception with its AWS page in modules/policy-sources.ts',
  check(stack) {
    return stack
      .statements()
      .filter((s) => s.effect === 'Allow' && s.principals.Service && !hasConfusedDeputyGuard(s))
      .filter((s) => !(s.sid && POLICY_SOURCES[s.sid]?.confusedDeputyException))
      .map((s) => ({
        resource: s.attachedTo[0] ? `${s.attachedTo[0].type}.${s.attachedTo[0].id}` : `data.aws_iam_policy_document.${s.documentId}`,
        message: `statement ${s.sid ?? '(no Sid)'} lets ${s.principals.Service?.join(', ')} act with no confused-deputy condition`,
      }));
  },
};
