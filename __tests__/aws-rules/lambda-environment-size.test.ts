import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { repoRoot, synthesizeConfig } from '../helpers/synth';
import { hubMemberDirectory } from '../helpers/synth';
import { lambdaEnvironmentMaxBytes, lambdaEnvironmentSize } from './rules/lambda-environment-size';
import { checkExample } from './rule-expectations';
import { TerraformModel, exampleConfigFiles, exampleModel, findBody } from './terraform-model';

jest.setTimeout(600_000);

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

/**
 * A hub organization of 10,000 member accounts (issue 19, item 5), generated as scripts/bench-synth.ts
 * generates its synthetic organization: the guards of examples/organization.yaml. Only the hub
 * stacks and the hub account's own spokes are synthesized (the selection names the hub account):
 * what a hub function is told does not depend on the members' stacks.
 */
describe('AWS rule: every hub function of a 10,000-account organization within 4 KB', () => {
  const accountCount = 10_000;
  const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
  const accountId = (index: number) => String(100000000000 + index);
  const accountName = (index: number) => `account-${String(index).padStart(5, '0')}`;
  const example = parseYaml(readFileSync(path.join(repoRoot, 'examples', 'organization.yaml'), 'utf8')) as {
    hub: Record<string, unknown> & { protection?: unknown };
    handlerCode: Record<string, unknown>;
    alerts: unknown;
    guards: { instanceQuarantine?: { releaseApprovers?: string[] } };
  };
  // The release approvers and the exempt principals are principals of the hub account: the synthetic organization's first.
  const quarantine = example.guards.instanceQuarantine;
  if (quarantine?.releaseApprovers) quarantine.releaseApprovers = quarantine.releaseApprovers.map((arn) => arn.replace(/::\d{12}:/, `::${accountId(0)}:`));
  const config = parseGuardsConfig(
    {
      name: 'guards',
      homeRegion: 'us-east-1',
      regions,
      accounts: Array.from({ length: accountCount }, (_, index) => ({
        id: accountId(index),
        name: accountName(index),
        roleArn: `arn:aws:iam::${accountId(index)}:role/guards-deployer`,
      })),
      hub: { ...example.hub, account: accountName(0), protection: { exemptPrincipalArns: [`arn:aws:iam::${accountId(0)}:role/guards-deployer`] } },
      alerts: example.alerts,
      handlerCode: { ...example.handlerCode, account: accountName(0) },
      guards: example.guards,
    },
    'generated-10000-accounts.json',
  );
  const stacks = synthesizeConfig(config, { accounts: [accountName(0)] });
  const hubStacks = stacks.filter((stack) => stack.name.startsWith('hub-'));
  const model = new TerraformModel(stacks);

  it("keeps every hub function's environment under 4 KB: the member directory holds the 10,000 accounts, the environment its location", () => {
    expect(hubStacks.map((stack) => stack.name).sort()).toEqual(['hub-ap-southeast-2', 'hub-eu-west-1', 'hub-us-east-1']);
    expect(lambdaEnvironmentSize(model)).toEqual([]);
    for (const stack of hubStacks) {
      const { directory, variables } = hubMemberDirectory(stack.json);
      expect(directory.accounts.size).toBe(accountCount);
      expect(directory.accounts.get(accountId(9_999))?.name).toBe(accountName(9_999));
      const functions = model.ofType('aws_lambda_function').filter((fn) => fn.stack === stack.name);
      const served = functions.filter((fn) => (fn.body.environment as { variables: Record<string, string> }).variables.MEMBER_DIRECTORY_BUCKET);
      expect(served.length).toBeGreaterThanOrEqual(stack.name === 'hub-us-east-1' ? 9 : 4);
      for (const fn of served) expect((fn.body.environment as { variables: Record<string, string> }).variables).toMatchObject(variables);
    }
  });

  it('would fail on the old environment: the rule reports the 10,000-entry ACCOUNT_NAMES a hub function carried before the directory', () => {
    // What modules/common/hub-member-access.ts wrote before: {"<id>": "<name>"} of every account.
    const accountNames = JSON.stringify(Object.fromEntries(config.accounts.map((account) => [account.id, account.name])));
    expect(Buffer.byteLength(accountNames)).toBeGreaterThan(lambdaEnvironmentMaxBytes);
    const old = new TerraformModel(
      stacks.map((stack) => {
        const json = structuredClone(stack.json);
        if (stack.name === 'hub-eu-west-1') {
          const fn = findBody([{ name: stack.name, json }], stack.name, 'aws_lambda_function', (body) => body.function_name === 'guards-instance-quarantine');
          (fn.body.environment as { variables: Record<string, string> }).variables.ACCOUNT_NAMES = accountNames;
        }
        return { name: stack.name, json };
      }),
    );
    const violations = lambdaEnvironmentSize(old);
    expect(violations.map((violation) => violation.resource)).toEqual([
      expect.stringMatching(/^hub-eu-west-1\/aws_lambda_function\.instance-quarantine_function_/),
    ]);
    expect(violations[0].message).toMatch(
      /its environment is \d{6} bytes, Lambda allows 4096: https:\/\/docs\.aws\.amazon\.com\/lambda\/latest\/dg\/gettingstarted-limits\.html/,
    );
  });
});
