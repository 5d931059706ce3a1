import { parseEnvironments } from '../../stacks/load-environments';
import { definitionProblems, validEnvironment } from '../support/environments';

/** expectedChangeAgents: principal ARN patterns, each naming someone, validated like everything else. */
describe('GIVEN expected change agents', () => {
  test('WHEN they name a role, a family of users and a session THEN the environment is accepted and keeps them', () => {
    const agents = ['arn:aws:iam::123456789012:role/terraform-deploy', 'arn:aws:iam::123456789012:user/ci-*', 'arn:aws:sts::123456789012:assumed-role/deployer/pipeline-*'];
    const [env] = parseEnvironments([validEnvironment({ expectedChangeAgents: agents })]);
    expect(env.expectedChangeAgents).toEqual(agents);
  });

  test.each([
    ['arn:aws:iam::123456789012:role/*', 'matches every principal of its kind in the account'],
    ['arn:aws:iam::123456789012:*', 'matches every principal of its kind in the account'],
    ['arn:aws:iam::123456789012:ro*', 'matches every principal of its kind in the account'],
    ['arn:aws:sts::123456789012:assumed-role/*', 'matches every principal of its kind in the account'],
    ['*', 'does not start with "arn:"'],
    ['arn:aws:iam::*', 'is cut short'],
    ['arn:aws:iam::123456789012:role/*-deploy', 'has a * before its end'],
    ['arn:aws-cn:iam::123456789012:role/deploy', 'is in partition aws-cn; this environment is in aws, where no such principal can change anything'],
  ])('WHEN one is %s THEN it is refused: %s', (agent, reason) => {
    const [problem, ...others] = definitionProblems([validEnvironment({ expectedChangeAgents: [agent] })]);
    expect(others).toEqual([]);
    expect(problem.startsWith(`environment "test", field expectedChangeAgents[0]: ${JSON.stringify(agent)} `)).toBe(true);
    expect(problem).toContain(reason);
  });

  test('WHEN the list is empty or repeats an agent THEN each problem is named', () => {
    expect(definitionProblems([validEnvironment({ expectedChangeAgents: [] })])).toEqual([
      'environment "test", field expectedChangeAgents: is empty; list the roles or users that deploy this environment, or leave the field out',
    ]);
    expect(definitionProblems([validEnvironment({ expectedChangeAgents: ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:role/a'] })])).toEqual([
      'environment "test", field expectedChangeAgents[1]: "arn:aws:iam::123456789012:role/a" is listed more than once; list each once',
    ]);
  });

  test('WHEN two deploy roles and two users are listed THEN every variant still fits in 1024 characters', () => {
    const agents = ['terraform-deploy', 'cdk-deploy'].map((role) => `arn:aws:iam::123456789012:role/${role}`);
    expect(parseEnvironments([validEnvironment({ expectedChangeAgents: [...agents, 'arn:aws:iam::123456789012:user/ci-*', 'arn:aws:iam::123456789012:user/break-glass'] })])).toHaveLength(1);
  });

  test('WHEN so many are listed that a variant outgrows 1024 characters THEN the list is refused, naming the variants', () => {
    const agents = Array.from({ length: 12 }, (_, i) => `arn:aws:iam::123456789012:user/deployer-number-${i}`);
    const problems = definitionProblems([validEnvironment({ expectedChangeAgents: agents })]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^environment "test", field expectedChangeAgents: 12 change agents make the filter patterns of .*cis-iam-policy-changes\.unknown-principal.* up to \d+ characters long; CloudWatch Logs accepts at most 1024\. List fewer patterns/);
  });

  test('WHEN a variant is tuned or switched off by its id THEN it is accepted; without agents the id is unknown', () => {
    const [env] = parseEnvironments([
      validEnvironment({ expectedChangeAgents: ['arn:aws:iam::123456789012:role/deploy'], detections: { 'cis-vpc-changes.unknown-principal': { enabled: false } } }),
    ]);
    expect(env.detections['cis-vpc-changes.unknown-principal']).toEqual({ enabled: false });
    const [problem] = definitionProblems([validEnvironment({ detections: { 'cis-vpc-changes.unknown-principal': { enabled: false } } })]);
    expect(problem).toMatch(/^environment "test", field detections\["cis-vpc-changes\.unknown-principal"\]: "cis-vpc-changes\.unknown-principal" is not a detection id/);
  });
});

describe('GIVEN a CIS text choice', () => {
  test('WHEN none is given THEN the Security Hub text is used; "cis-v6.0.0" is accepted; anything else refused', () => {
    expect(parseEnvironments([validEnvironment()])[0].cisText).toBe('security-hub');
    expect(parseEnvironments([validEnvironment({ cisText: 'cis-v6.0.0' })])[0].cisText).toBe('cis-v6.0.0');
    expect(definitionProblems([validEnvironment({ cisText: 'cis-v5' as never })])).toEqual([
      'environment "test", field cisText: "cis-v5" is not accepted; expected "security-hub" (the text Security Hub\'s CloudWatch.1-14 controls check) or "cis-v6.0.0"',
    ]);
  });
});
