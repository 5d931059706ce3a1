import { resourceNames } from './resource-names';

/** What a problem between two environments is reported against: the later one's field. */
export interface CrossEnvironmentProblem {
  readonly index: number;
  readonly field: 'name';
  readonly message: string;
}

interface Placed {
  readonly name: string;
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * Clashes no single environment shows: environment names defined twice, physical names two
 * environments would both create, and alarm-name patterns that admit another environment's alarms
 * (the topic policy admits `arn:...:alarm:<prefix>-<env>-*`, so in one account and region
 * `acme-dev-*` also matches every alarm of an environment `dev-x`).
 */
export function crossEnvironmentProblems(environments: readonly Placed[]): CrossEnvironmentProblem[] {
  const problems: CrossEnvironmentProblem[] = [];
  environments.forEach((env, index) => {
    const earlier = environments.slice(0, index);
    if (earlier.some((other) => other.name === env.name)) {
      problems.push({ index, field: 'name', message: `"${env.name}" is defined more than once; expected unique environment names` });
      return;
    }
    const base = `${resourceNames(env).alarmNamePrefix}-`;
    for (const other of earlier) {
      if (other.accountId !== env.accountId) continue;
      const otherBase = `${resourceNames(other).alarmNamePrefix}-`;
      if (otherBase === base) {
        problems.push({
          index,
          field: 'name',
          message: `"${env.name}" with name prefix "${env.namePrefix}" gives the same names as environment "${other.name}" (prefix "${other.namePrefix}") in account ${env.accountId}: log bucket, trail, role and alarms would collide. Change the name or the prefix`,
        });
      } else if (other.region === env.region && (otherBase.startsWith(base) || base.startsWith(otherBase))) {
        const [shorter, longer] = otherBase.length < base.length ? [other, env] : [env, other];
        problems.push({
          index,
          field: 'name',
          message:
            `alarms of environment "${longer.name}" (${resourceNames(longer).alarmNamePrefix}-*) also match the alarm pattern ` +
            `${resourceNames(shorter).alarmNamePrefix}-* that environment "${shorter.name}" admits to its topic, in account ${env.accountId}, ${env.region}. ` +
            `Rename one so that neither "<prefix>-<name>-" starts the other`,
        });
      }
    }
  });
  return problems;
}
