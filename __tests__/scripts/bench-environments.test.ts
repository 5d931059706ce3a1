import { generateEnvironments } from '../../scripts/bench/generate-environments';
import { loadEnvironments } from '../../stacks/load-environments';

describe('GIVEN the environments npm run bench generates at scale', () => {
  test('WHEN 30 are generated THEN the whole definition validates, cross-environment checks included, so the bench measures synth and not a refusal', () => {
    const { environments } = loadEnvironments(generateEnvironments(30));
    expect(environments).toHaveLength(30);
    expect(new Set(environments.map((env) => env.name)).size).toBe(30);
  });

  test('WHEN generated THEN they spread over several accounts and regions, and keep the shipped templates\' bucket intents', () => {
    const generated = generateEnvironments(100);
    expect(new Set(generated.map((env) => env.accountId)).size).toBe(20);
    expect(new Set(generated.map((env) => env.region)).size).toBe(5);
    const { environments } = loadEnvironments(generated);
    expect(environments.filter((env) => env.bucketIntents.length > 0).length).toBeGreaterThan(30);
  });
});
