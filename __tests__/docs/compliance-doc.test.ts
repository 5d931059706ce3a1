import { COMPLIANCE_RULES } from '../../modules/compliance/pack';
import { main, renderComplianceDoc } from '../../scripts/generate-compliance-doc';

describe('docs/compliance.md', () => {
  test('THEN the committed file is what the rule pack and the shipped environments render (run `npm run docs:compliance` when this fails)', () => {
    expect(main(['--check'])).toBe(0);
  });

  test('THEN every rule is listed with its level and scanner ids, and every shipped suppression with its reason', () => {
    const doc = renderComplianceDoc();
    for (const rule of COMPLIANCE_RULES) {
      expect(doc).toContain(`| \`${rule.id}\` | ${rule.level} |`);
      for (const id of rule.scannerIds) expect(doc).toContain(`\`${id}\``);
    }
    expect(doc).toContain('| staging | `destructive-changes-allowed` | all findings of the rule | Staging is rebuilt to rehearse prod changes');
    expect(doc).toContain('bridgecrewio/checkov#7454');
  });
});
