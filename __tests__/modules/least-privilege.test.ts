import * as path from 'node:path';
import { platformSidPrefix } from '../../modules/common/guard-function';
import { guardRegistry } from '../../modules/stacks/guard-registry';
import { principalChangingActions, protectedPrincipalsSid } from '../../modules/common/protected-principals';
import {
  actionsCalledByHandler,
  hubFailedCallSourceFiles,
  impliedPermissions,
  memberAccountSourceFiles,
  securityHubSourceFiles,
} from '../helpers/handler-actions';
import { PolicyDocument, actionsOf, asList, policyProblems } from '../helpers/iam-policy-checks';
import { SynthesizedStack, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

interface GuardFunctionUnderTest {
  readonly functionName: string;
  readonly handlerName: string;
  readonly policy: PolicyDocument;
}

/** Every Lambda function of the example stacks, with the handler it runs and its role's policy. */
function guardFunctions(stacks: SynthesizedStack[]): GuardFunctionUnderTest[] {
  return stacks.flatMap((stack) => {
    const rolePolicies = Object.values(resourcesOfType(stack.json, 'aws_iam_role_policy'));
    return Object.values(resourcesOfType(stack.json, 'aws_lambda_function')).map((fn) => {
      const functionName = String(fn.function_name);
      const rolePolicy = rolePolicies.find((policy) => policy.name === functionName);
      if (!rolePolicy) throw new Error(`no role policy named ${functionName}`);
      return {
        functionName,
        handlerName: path.basename(String(fn.filename), '.zip'),
        policy: JSON.parse(String(rolePolicy.policy)) as PolicyDocument,
      };
    });
  });
}

describe('least privilege of every guard function in the example', () => {
  const functions = guardFunctions(synthesizeConfigFile('examples/single-account.yaml'));

  // The example switches every registered guard on: each guard's functions are checked below.
  it.each(guardRegistry.map((guard) => [guard.name, guard.handlers] as const))('finds every function of %s to check', (_name, handlers) => {
    for (const handler of handlers) expect(functions.map((fn) => fn.handlerName)).toContain(handler);
  });

  it('gives the region-lockdown role, which writes IAM, an explicit Deny of changes to the protected principals', () => {
    const lockdown = functions.find((fn) => fn.handlerName === 'region-lockdown');
    const deny = lockdown?.policy.Statement.find((statement) => statement.Sid === protectedPrincipalsSid);
    expect(deny?.Effect).toBe('Deny');
    expect(asList(deny?.Action)).toEqual([...principalChangingActions]);
    expect(asList(deny?.Resource)).toEqual([
      'arn:aws:iam::123456789012:role/guards-*',
      'arn:aws:iam::123456789012:role/OrganizationAccountAccessRole',
      'arn:aws:iam::123456789012:role/AWSControlTowerExecution',
      'arn:aws:iam::123456789012:role/aws-reserved/*',
      'arn:aws:iam::123456789012:role/guards-deployer',
    ]);
  });

  describe.each(functions.map((fn) => [fn.functionName, fn] as const))('%s', (_name, fn) => {
    // Explicit denies take nothing away from the comparison: they are checked on their own below.
    const handlerStatements = fn.policy.Statement.filter((statement) => !statement.Sid?.startsWith(platformSidPrefix) && statement.Effect === 'Allow');
    const platformStatements = fn.policy.Statement.filter((statement) => statement.Sid?.startsWith(platformSidPrefix));

    it('grants exactly the actions its handler calls, plus what those calls imply', () => {
      // Standalone: the calls only a hub function makes (assuming member roles) are not granted; the
      // example leaves Security Hub findings off (their grants: __tests__/modules/security-hub-findings.test.ts);
      // the failed-call table is the hub's (least-privilege-hub.test.ts).
      const called = actionsCalledByHandler(
        fn.handlerName,
        (file) => !memberAccountSourceFiles.includes(file) && !securityHubSourceFiles.includes(file) && !hubFailedCallSourceFiles.includes(file),
      );
      expect(called.length).toBeGreaterThan(0);
      const expected = [...new Set([...called, ...called.flatMap((action) => impliedPermissions[action] ?? [])])].sort();
      expect(actionsOf({ Statement: handlerStatements })).toEqual(expected);
    });

    it('gives the function only its own logs, failure queue and key', () => {
      expect(actionsOf({ Statement: platformStatements })).toEqual([
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:SendMessage',
      ]);
      const resources = platformStatements.flatMap((statement) => asList(statement.Resource));
      expect(resources).toContain(`arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/${fn.functionName}:*`);
      expect(resources).toContain(`arn:aws:sqs:us-east-1:123456789012:${fn.functionName}-failures`);
      expect(resources).not.toContain('*');
    });

    it('names only real IAM actions, operators and condition keys, with no wildcard action or needless "*" resource', async () => {
      expect(await policyProblems(fn.policy)).toEqual([]);
    });
  });
});

describe('policyProblems (the checker itself)', () => {
  it('reports a misspelled action, a wildcard, a bad operator, an unknown key and a needless "*"', async () => {
    const problems = await policyProblems({
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: ['ec2:DescribeInstance', 'ec2:*'], Resource: '*' },
        { Sid: 'B', Effect: 'Allow', Action: 'ec2:TerminateInstances', Resource: '*' },
        {
          Sid: 'C',
          Effect: 'Allow',
          Action: 'sns:Publish',
          Resource: 'arn:aws:sns:us-east-1:1:t',
          Condition: { StringEqual: { 'aws:SourceAccount': '1' }, StringEquals: { 'aws:SourceAcount': '1' } },
        },
      ],
    });
    expect(problems).toEqual([
      'A: ec2:DescribeInstance is not an IAM action',
      'A: wildcard action ec2:*',
      'B: ec2:TerminateInstances supports resource-level permissions but is granted on "*"',
      'C: unknown condition operator StringEqual',
      'C: unknown condition key aws:SourceAcount',
    ]);
  });
});
