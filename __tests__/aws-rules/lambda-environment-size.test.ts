import { lambdaEnvironmentSize } from './rules/lambda-environment-size';
import { checkExample } from './rule-expectations';
import { exampleConfigFiles, exampleModel, findBody } from './terraform-model';

describe("AWS rule: a function's environment within Lambda's 4 KB", () => {
  it.each(exampleConfigFiles)('%s holds it, but for the known violations (expected-violations.ts)', (configFile) => {
    const check = checkExample('lambda-environment-size', lambdaEnvironmentSize, configFile);
    expect(check.reported).toEqual(check.expected);
    expect(check.findingsNotSaid).toEqual([]);
  });

  it('reports a function whose environment grew past 4 KB (an account map of a large organization)', () => {
    const model = exampleModel('examples/organization.yaml', (stacks) => {
      const fn = findBody(stacks, 'hub-us-east-1', 'aws_lambda_function', (body) => body.function_name === 'guards-instance-quarantine');
      const environment = fn.body.environment as { variables: Record<string, string> };
      environment.variables.ACCOUNT_NAMES = JSON.stringify(
        Object.fromEntries(Array.from({ length: 120 }, (_, index) => [String(100000000000 + index), `workload-${index}`])),
      );
    });
    const violations = lambdaEnvironmentSize(model);
    expect(violations).toHaveLength(1);
    expect(violations[0].resource).toMatch(/^hub-us-east-1\/aws_lambda_function\./);
    expect(violations[0].message).toMatch(/its environment is \d+ bytes, Lambda allows 4096/);
  });
});
