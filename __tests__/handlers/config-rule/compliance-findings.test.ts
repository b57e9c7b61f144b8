import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  GetFindingsCommandOutput,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import type { ConfigRuleInvocation } from '../../../handlers/config-rule/config-event';
import { resolveCompliantFindings } from '../../../handlers/config-rule/resolve-compliant-findings';
import type { ResourceEvaluation } from '../../../handlers/config-rule/verdict';
import { projectFixture } from '../../helpers/fixtures';

const securityHub = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: 'eu-west-1' });
const productArn = 'arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default';
const recorded = <T>(name: string) => projectFixture<T>(`config-rules/security-hub/${name}`);
const invocation = { ruleName: 'guards-exposed-ports', accountId: '111122223333' } as ConfigRuleInvocation;
const at = new Date('2026-12-04T10:00:00Z');
const evaluation = (resourceId: string, compliance: ResourceEvaluation['compliance']): ResourceEvaluation => ({
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId,
  compliance,
  annotation: compliance === 'NON_COMPLIANT' ? 'port 22 open to 0.0.0.0/0' : 'no forbidden port open',
  orderingTimestamp: at,
});
// sg-...1 was non-compliant and is compliant now; sg-...2 always was (no finding); sg-...3 is non-compliant; sg-...4 is gone.
const run = [
  evaluation('sg-0a1b2c3d4e5f60001', 'COMPLIANT'),
  evaluation('sg-0a1b2c3d4e5f60002', 'COMPLIANT'),
  evaluation('sg-0a1b2c3d4e5f60003', 'NON_COMPLIANT'),
  evaluation('sg-0a1b2c3d4e5f60004', 'NOT_APPLICABLE'),
];

beforeEach(() => {
  securityHub.reset();
  securityHub
    .on(GetFindingsCommand)
    .resolvesOnce(recorded<GetFindingsCommandOutput>('get-findings-page-1.json'))
    .resolves(recorded<GetFindingsCommandOutput>('get-findings-page-2.json'));
  securityHub.on(BatchImportFindingsCommand).resolves(recorded('batch-import-findings.json'));
  securityHub.on(BatchUpdateFindingsCommand).resolves(recorded('batch-update-findings.json'));
  Object.assign(process.env, { SECURITY_HUB_PRODUCT_ARN: productArn, POWERTOOLS_SERVICE_NAME: 'exposed-ports-rule', AWS_REGION: 'eu-west-1' });
});

afterAll(() => {
  delete process.env.SECURITY_HUB_PRODUCT_ARN;
});

describe("a Config rule's findings when resources are compliant again", () => {
  it('resolves exactly the open findings of resources now compliant or gone: archived, passed, workflow RESOLVED', async () => {
    const resolved = await resolveCompliantFindings(invocation, run, client);
    expect(resolved).toEqual(['security-guards/exposed-ports-rule/sg-0a1b2c3d4e5f60001', 'security-guards/exposed-ports-rule/sg-0a1b2c3d4e5f60004']);
    // The rule's active findings of this account, every page.
    const queries = securityHub.commandCalls(GetFindingsCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0].Filters).toEqual({
      ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
      Id: [{ Value: 'security-guards/exposed-ports-rule/', Comparison: 'PREFIX' }],
      GeneratorId: [{ Value: 'guards-exposed-ports', Comparison: 'EQUALS' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    });
    expect(queries[1].NextToken).toBe('eyJ0b2tlbiI6IjEifQ==');
    const imported = securityHub.commandCalls(BatchImportFindingsCommand)[0].args[0].input.Findings!;
    expect(imported.map((finding) => [finding.Id, finding.RecordState, finding.Compliance?.Status])).toEqual([
      ['security-guards/exposed-ports-rule/sg-0a1b2c3d4e5f60001', 'ARCHIVED', 'PASSED'],
      ['security-guards/exposed-ports-rule/sg-0a1b2c3d4e5f60004', 'ARCHIVED', 'PASSED'],
    ]);
    const update = securityHub.commandCalls(BatchUpdateFindingsCommand)[0].args[0].input;
    expect(update).toMatchObject({
      FindingIdentifiers: imported.map((finding) => ({ Id: finding.Id, ProductArn: productArn })),
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: 'Compliant again with guards-exposed-ports', UpdatedBy: 'exposed-ports-rule' },
    });
  });

  it('touches nothing when no open finding is about a compliant resource (no finding created for one that never failed)', async () => {
    securityHub.on(GetFindingsCommand).resolves({ Findings: [] });
    expect(await resolveCompliantFindings(invocation, run, client)).toEqual([]);
    expect(securityHub.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
    expect(securityHub.commandCalls(BatchUpdateFindingsCommand)).toHaveLength(0);
  });

  it('makes no call for a run without a compliant resource, or where findings are off', async () => {
    expect(await resolveCompliantFindings(invocation, [evaluation('sg-0a1b2c3d4e5f60003', 'NON_COMPLIANT')], client)).toEqual([]);
    delete process.env.SECURITY_HUB_PRODUCT_ARN;
    expect(await resolveCompliantFindings(invocation, run, client)).toEqual([]);
    expect(securityHub.calls()).toHaveLength(0);
  });

  it('fails, naming the finding, when Security Hub does not resolve it', async () => {
    securityHub.on(BatchUpdateFindingsCommand).resolves(recorded('batch-update-findings-unprocessed.json'));
    await expect(resolveCompliantFindings(invocation, run, client)).rejects.toThrow(
      'Security Hub did not resolve finding security-guards/exposed-ports-rule/sg-0a1b2c3d4e5f60001: FindingNotFound Finding not found',
    );
  });

  it("in the hub, asks for and resolves the member's findings in the hub's product", async () => {
    const hubProduct = 'arn:aws:securityhub:eu-west-1:999988887777:product/999988887777/default';
    process.env.SECURITY_HUB_PRODUCT_ARN = hubProduct;
    const memberId = 'security-guards/exposed-ports-rule/111122223333/sg-0a1b2c3d4e5f60001';
    securityHub
      .on(GetFindingsCommand)
      .resolves({ Findings: [{ ...recorded<GetFindingsCommandOutput>('get-findings-page-1.json').Findings![0], Id: memberId }] });
    expect(await resolveCompliantFindings(invocation, run, client)).toEqual([memberId]);
    expect(securityHub.commandCalls(GetFindingsCommand)[0].args[0].input.Filters?.Id).toEqual([
      { Value: 'security-guards/exposed-ports-rule/111122223333/', Comparison: 'PREFIX' },
    ]);
    expect(securityHub.commandCalls(BatchImportFindingsCommand)[0].args[0].input.Findings![0]).toMatchObject({ Id: memberId, AwsAccountId: '999988887777' });
  });
});
