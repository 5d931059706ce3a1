import { POLICY_SOURCES } from '../../modules/policy-sources';
import { hasConfusedDeputyGuard, SynthesizedStatement } from '../../modules/synthesized-policies';
import { main, renderPoliciesDoc, shippedStacks, shippedStatements } from '../../scripts/generate-policies-doc';

describe('docs/policies.md, the policy reference', () => {
  // GIVEN every shipped environment synthesized, once for the whole file
  const stacks = shippedStacks();
  const byEnvironment = shippedStatements(stacks);
  const all = [...byEnvironment.values()].flat();

  test('THEN the committed file is what the synthesized stacks render (run `npm run docs:policies` when this fails)', async () => {
    await expect(main(['--check'], undefined, stacks)).resolves.toBe(0);
  }, 60_000);

  test('THEN every statement has a Sid, unique within its stack, and an AWS page it follows', () => {
    for (const [env, statements] of byEnvironment) {
      const sids = statements.map((statement) => statement.sid);
      expect({ env, duplicates: sids.filter((sid, index) => sids.indexOf(sid) !== index) }).toEqual({ env, duplicates: [] });
      for (const sid of sids) expect({ env, sid, recorded: sid !== undefined && sid in POLICY_SOURCES }).toEqual({ env, sid, recorded: true });
    }
  });

  test('THEN every recorded AWS page belongs to a statement the stacks still write', () => {
    const written = new Set(all.map((statement) => statement.sid));
    expect(Object.keys(POLICY_SOURCES).filter((sid) => !written.has(sid))).toEqual([]);
  });

  test('THEN the service-principal statements without a confused-deputy guard are exactly the documented exceptions', () => {
    const unguarded = new Set(all.filter((s) => s.principals.Service && !hasConfusedDeputyGuard(s)).map((s) => s.sid));
    const exceptions = Object.entries(POLICY_SOURCES).filter(([, source]) => source.confusedDeputyException).map(([sid]) => sid);
    expect([...unguarded].sort()).toEqual(exceptions.sort());
  });

  test('WHEN a statement has no recorded AWS page THEN rendering the reference fails, naming it', () => {
    const undocumented: SynthesizedStatement = { ...all[0], sid: 'AllowSomethingNobodyDocumented' };
    const withUndocumented = new Map([['dev', [...(byEnvironment.get('dev') ?? []), undocumented]]]);
    expect(() => renderPoliciesDoc(withUndocumented)).toThrow('statement AllowSomethingNobodyDocumented in');
  });

  test('THEN each statement is rendered with its principal, actions, conditions and page', () => {
    const doc = renderPoliciesDoc(byEnvironment);
    expect(doc).toContain('### AllowCloudTrailToEncryptLogs');
    expect(doc).toContain('  - StringLike `kms:EncryptionContext:aws:cloudtrail:arn`: `arn:aws:cloudtrail:*:333333333333:trail/*`');
    expect(doc).toContain(`- Follows: [${POLICY_SOURCES.AWSCloudTrailWrite.follows.title}](${POLICY_SOURCES.AWSCloudTrailWrite.follows.url})`);
  });
});
