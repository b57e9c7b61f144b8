/** The examples' side of every AWS rule: what it reports on an example beside what expected-violations.ts lists. */
import { AwsRule, exampleModel } from './terraform-model';
import { expectedViolations } from './expected-violations';

export interface ExampleCheck {
  /** The resources the rule reports, and the ones expected-violations.ts lists (sorted). */
  readonly reported: string[];
  readonly expected: string[];
  /** Known violations whose message lacks its listed finding text. */
  readonly findingsNotSaid: string[];
}

export function checkExample(ruleName: string, rule: AwsRule, configFile: string): ExampleCheck {
  const known = expectedViolations[ruleName]?.[configFile] ?? [];
  const violations = rule(exampleModel(configFile));
  return {
    reported: violations.map((violation) => violation.resource).sort(),
    expected: known.map((violation) => violation.resource).sort(),
    findingsNotSaid: known
      .filter((violation) => !violations.find((candidate) => candidate.resource === violation.resource)?.message.includes(violation.finding))
      .map((violation) => violation.resource),
  };
}
