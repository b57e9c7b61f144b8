import { eventPatternMaxCharacters, eventPatternSize } from './rules/event-pattern-size';
import { checkExample } from './rule-expectations';
import { exampleConfigFiles, exampleModel, findBody } from './terraform-model';

describe("AWS rule: event patterns within EventBridge's 2,048 characters", () => {
  it.each(exampleConfigFiles)('%s holds it, but for the known violations (expected-violations.ts)', (configFile) => {
    const check = checkExample('event-pattern-size', eventPatternSize, configFile);
    expect(check.reported).toEqual(check.expected);
    expect(check.findingsNotSaid).toEqual([]);
  });

  it('reports a rule whose pattern grew past the limit, naming it and the length', () => {
    let ruleId = '';
    const model = exampleModel('examples/single-account.yaml', (stacks) => {
      const rule = findBody(stacks, stacks[0].name, 'aws_cloudwatch_event_rule', (body) => String(body.name).startsWith('guards-tamper-functions'));
      ruleId = rule.id;
      const pattern = JSON.parse(String(rule.body.event_pattern)) as { account: string[] };
      while (JSON.stringify(pattern).length <= eventPatternMaxCharacters) pattern.account.push('123456789012');
      rule.body.event_pattern = JSON.stringify(pattern);
    });
    const violations = eventPatternSize(model);
    expect(violations.map((violation) => violation.resource)).toEqual([expect.stringContaining(`/aws_cloudwatch_event_rule.${ruleId}`)]);
    expect(violations[0].message).toMatch(/its event pattern is 20\d\d characters, EventBridge allows 2048/);
  });
});
