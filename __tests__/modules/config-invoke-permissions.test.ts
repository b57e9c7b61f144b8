import { lambdaFunctionPolicyMaxBytes, scopedConfigInvokePolicyBytes, scopedConfigInvokers } from '../../modules/common/config-invoke-permissions';

const functionArn = 'arn:aws:lambda:ap-southeast-2:111111111111:function:guards-exposed-ports-rule';
const accounts = (count: number) => Array.from({ length: count }, (_, index) => String(100000000000 + index));

describe("the organization Config rules' invoke permissions", () => {
  it('counts the policy as Lambda stores it: one statement per member, growing by the same bytes each', () => {
    const one = scopedConfigInvokePolicyBytes(functionArn, accounts(1));
    const two = scopedConfigInvokePolicyBytes(functionArn, accounts(2));
    // A statement of this ARN is under 300 bytes: Sid, principal, action, resource and the account condition.
    expect(two - one).toBeGreaterThan(280);
    expect(two - one).toBeLessThan(300);
    expect(scopedConfigInvokePolicyBytes(functionArn, accounts(10)) - scopedConfigInvokePolicyBytes(functionArn, accounts(9))).toBe(two - one);
  });

  it("scopes every member while the statements fit Lambda's 20 KB (about 70 members), and none past it", () => {
    const fitting = Array.from({ length: 200 }, (_, index) => index + 1).filter(
      (count) => scopedConfigInvokePolicyBytes(functionArn, accounts(count)) <= lambdaFunctionPolicyMaxBytes,
    );
    const most = fitting.length;
    expect(most).toBeGreaterThan(60);
    expect(most).toBeLessThan(75);
    expect(scopedConfigInvokers(functionArn, accounts(most))).toEqual(accounts(most));
    expect(scopedConfigInvokers(functionArn, accounts(most + 1))).toBeUndefined();
  });
});
