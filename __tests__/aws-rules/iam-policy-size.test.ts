import { iamPolicySize } from './rules/iam-policy-size';
import { checkExample } from './rule-expectations';
import { exampleConfigFiles, exampleModel, findBody } from './terraform-model';

const filler = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ Sid: `Filler${index}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${index}/*` }));

function grown(text: unknown, statements: number): string {
  const document = JSON.parse(String(text)) as { Statement: unknown[] };
  return JSON.stringify({ ...document, Statement: [...document.Statement, ...filler(statements)] });
}

describe('AWS rule: IAM and Organizations policies within their size quotas', () => {
  it.each(exampleConfigFiles)('%s holds it, but for the known violations (expected-violations.ts)', (configFile) => {
    const check = checkExample('iam-policy-size', iamPolicySize, configFile);
    expect(check.reported).toEqual(check.expected);
    expect(check.findingsNotSaid).toEqual([]);
  });

  it('reports a role whose inline policies together pass 10,240 characters, a trust policy past 2,048, and a managed policy past 6,144', () => {
    const names: string[] = [];
    const model = exampleModel('examples/single-account.yaml', (stacks) => {
      const stack = stacks[0].name;
      const inline = findBody(stacks, stack, 'aws_iam_role_policy');
      inline.body.policy = grown(inline.body.policy, 150);
      const role = findBody(stacks, stack, 'aws_iam_role', (_, id) => id.startsWith('signin-alert'));
      role.body.assume_role_policy = grown(role.body.assume_role_policy, 30);
      names.push(`${stack}/aws_iam_role.${role.id}`);
      const managed = findBody(stacks, stack, 'aws_iam_policy');
      managed.body.policy = grown(managed.body.policy, 90);
      names.push(`${stack}/aws_iam_policy.${managed.id}`);
    });
    const messages = iamPolicySize(model).map((violation) => violation.message);
    expect(messages.some((message) => /the inline policies of the role together is \d+ characters, the quota is 10240/.test(message))).toBe(true);
    expect(messages).toContainEqual(
      expect.stringMatching(new RegExp(`^${names[0].replace(/[.$]/g, '\\$&')}: its trust policy is \\d+ characters, the quota is 2048`)),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(new RegExp(`^${names[1].replace(/[.$]/g, '\\$&')}: the managed policy is \\d+ characters, the quota is 6144`)),
    );
  });

  it('reports a service control policy past 5,120 characters', () => {
    const model = exampleModel('examples/multi-account-standalone.yaml', (stacks) => {
      const stack = stacks.find((candidate) => candidate.json.resource.aws_organizations_policy)!;
      const scp = findBody(stacks, stack.name, 'aws_organizations_policy');
      scp.body.content = grown(scp.body.content, 60);
    });
    expect(iamPolicySize(model).map((violation) => violation.message)).toContainEqual(
      expect.stringMatching(/the service control policy is \d+ characters, the quota is 5120/),
    );
  });
});
