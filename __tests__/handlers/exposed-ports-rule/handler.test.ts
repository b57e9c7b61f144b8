import { ConfigServiceClient, GetResourceConfigHistoryCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { DescribeSecurityGroupsCommand, DescribeSecurityGroupsCommandOutput, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
// Brings the toHaveReceivedCommand* matchers' types into the type check (jest.config sets them up).
import 'aws-sdk-client-mock-jest';
import { EvaluationsRejectedError, InvalidConfigEventError, InvalidRuleParametersError } from '../../../handlers/config-rule/config-rule-errors';
import { handler } from '../../../handlers/exposed-ports-rule/index';
import { changeNotification, configEvent, configRuleFixture, withRuleParameters } from '../../helpers/config-rule-events';
import { recordedResponse } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';

const config = mockClient(ConfigServiceClient);
const ec2 = mockClient(EC2Client);

const ruleParameters = { forbiddenPorts: '22,3389,1000-2000' };
const recordedGroups = () => recordedResponse<DescribeSecurityGroupsCommandOutput>('test_ec2_security_group_filter__ec2.DescribeSecurityGroups_1.json');
const recordedPutEvaluations = () => recordedResponse('test_config_rule_evaluate__config.PutEvaluations_1.json');

/** The evaluations of every PutEvaluations call, in order. */
function reportedEvaluations(): Record<string, unknown>[] {
  return config.commandCalls(PutEvaluationsCommand).flatMap((call) => call.args[0].input.Evaluations ?? []) as unknown as Record<string, unknown>[];
}

beforeEach(() => {
  config.reset();
  ec2.reset();
  config.on(PutEvaluationsCommand).resolves(recordedPutEvaluations());
});

describe('exposed-ports-rule handler, change notifications', () => {
  it('judges a security group from its configuration item alone (real item, older ipRanges shape)', async () => {
    const item = configEvent('config-item-security-group.json');
    const summary = await handler(changeNotification(item, { ruleParameters }));

    expect(ec2.calls()).toHaveLength(0);
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, {
      ResultToken: 'test-result-token',
      Evaluations: [
        {
          ComplianceResourceType: 'AWS::EC2::SecurityGroup',
          ComplianceResourceId: 'sg-1d56fc66',
          ComplianceType: 'NON_COMPLIANT',
          Annotation: 'sg-1d56fc66 (launch-wizard-7): rule tcp 22 from 0.0.0.0/0 reaches forbidden port 22',
          OrderingTimestamp: new Date('2016-06-09T08:59:59.139Z'),
        },
      ],
    });
    expect(summary).toMatchObject({ trigger: 'change', evaluations: 1, byCompliance: { NON_COMPLIANT: 1 }, putEvaluationsCalls: 1 });
  });

  it('judges an instance through the current rules of every group of every network interface (real event)', async () => {
    // The recorded groups, renamed to the groups the real instance's interfaces name.
    const [web, office] = recordedGroups().SecurityGroups!;
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        { ...office, GroupId: 'sg-88105fa0' },
        { ...web, GroupId: 'sg-0fb295a327d9b4835' },
      ],
    });

    await handler(withRuleParameters(configEvent('awsConfigRuleConfigurationChanged.json'), { ruleParameters }));

    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, {
      Filters: [{ Name: 'group-id', Values: ['sg-0fb295a327d9b4835', 'sg-88105fa0'] }],
      MaxResults: 1000,
    });
    expect(reportedEvaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceType: 'AWS::EC2::Instance',
        ComplianceResourceId: 'i-042dd005362091826',
        ComplianceType: 'NON_COMPLIANT',
        Annotation: 'i-042dd005362091826 via sg-0fb295a327d9b4835 (launch-wizard-1): rule tcp 22 from 0.0.0.0/0 reaches forbidden port 22',
        OrderingTimestamp: new Date('2023-04-27T15:03:11.636Z'),
      }),
    ]);
  });

  it('reads an oversized item from the Config history API, then the groups it names (real event)', async () => {
    const history = configRuleFixture<{ configurationItems: Record<string, unknown>[] }>('exposed-ports-rule', 'history-oversized-instance');
    const [latest] = history.configurationItems;
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        {
          ...latest,
          configurationItemCaptureTime: new Date(String(latest.configurationItemCaptureTime)),
          resourceCreationTime: new Date(String(latest.resourceCreationTime)),
        },
      ],
    });
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-0a1b2c3d4e5f60005',
          GroupName: 'web',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
        },
      ],
    });

    await handler(withRuleParameters(configEvent('awsConfigRuleOversizedConfiguration.json'), { ruleParameters }));

    expect(config).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, { resourceType: 'AWS::EC2::Instance', resourceId: 'i-00000000', limit: 1 });
    expect(reportedEvaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceId: 'i-00000000',
        ComplianceType: 'NON_COMPLIANT',
        Annotation: 'i-00000000 via sg-0a1b2c3d4e5f60005 (web): rule tcp 3389 from ::/0 reaches forbidden port 3389',
      }),
    ]);
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: 'myResultToken' });
  });

  it('reports a deleted group NOT_APPLICABLE without reading anything', async () => {
    await handler(changeNotification(configRuleFixture('exposed-ports-rule', 'sg-deleted'), { ruleParameters }));
    expect(ec2.calls()).toHaveLength(0);
    expect(config).not.toHaveReceivedCommand(GetResourceConfigHistoryCommand);
    expect(reportedEvaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceId: 'sg-0a1b2c3d4e5f60004',
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'AWS::EC2::SecurityGroup sg-0a1b2c3d4e5f60004 was deleted',
      }),
    ]);
  });

  it('reports a resource that left the scope, or of another type, NOT_APPLICABLE', async () => {
    const group = configRuleFixture('exposed-ports-rule', 'sg-all-protocols');
    await handler(changeNotification(group, { ruleParameters, eventLeftScope: true }));
    await handler(changeNotification({ ...group, resourceType: 'AWS::S3::Bucket', resourceId: 'logs-bucket' }, { ruleParameters }));
    expect(reportedEvaluations().map((evaluation) => [evaluation.ComplianceType, evaluation.Annotation])).toEqual([
      ['NOT_APPLICABLE', 'AWS::EC2::SecurityGroup sg-0a1b2c3d4e5f60001 left the scope of the rule'],
      ['NOT_APPLICABLE', 'AWS::S3::Bucket logs-bucket is of a type this rule does not evaluate (only AWS::EC2::SecurityGroup, AWS::EC2::Instance)'],
    ]);
  });

  it('judges the SAM sample instance (no network interfaces in its configuration) COMPLIANT without calling EC2', async () => {
    await handler(withRuleParameters(configEvent('sam-config-item-change.json'), { ruleParameters }));
    expect(ec2.calls()).toHaveLength(0);
    expect(reportedEvaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceId: 'i-00000000',
        ComplianceType: 'COMPLIANT',
        Annotation: 'i-00000000: has no security groups, so nothing reaches a forbidden port',
      }),
    ]);
  });

  it('judges an instance without groups COMPLIANT without calling EC2', async () => {
    await handler(changeNotification(configRuleFixture('exposed-ports-rule', 'instance-no-security-groups'), { ruleParameters }));
    expect(ec2.calls()).toHaveLength(0);
    expect(reportedEvaluations()).toEqual([expect.objectContaining({ ComplianceResourceId: 'i-0a1b2c3d4e5f60001', ComplianceType: 'COMPLIANT' })]);
  });

  it('marks test runs (result token TESTMODE) so that Config does not store them', async () => {
    await handler(changeNotification(configRuleFixture('exposed-ports-rule', 'sg-ipv6-only'), { ruleParameters, resultToken: 'TESTMODE' }));
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: 'TESTMODE', TestMode: true });
  });
});

describe('exposed-ports-rule handler, periodic run', () => {
  it('evaluates every group of the region, page by page, under the result token (real event)', async () => {
    const recorded = recordedGroups();
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: recorded.SecurityGroups, NextToken: 'page-2' })
      .resolvesOnce({
        SecurityGroups: [{ GroupId: 'sg-0a1b2c3d4e5f60006', GroupName: 'all', IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }],
      });
    const event = withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters });

    const summary = await handler(event);

    expect(ec2.commandCalls(DescribeSecurityGroupsCommand).map((call) => call.args[0].input)).toEqual([
      { MaxResults: 1000 },
      { MaxResults: 1000, NextToken: 'page-2' },
    ]);
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: event.resultToken as string });
    expect(reportedEvaluations().map((evaluation) => [evaluation.ComplianceResourceId, evaluation.ComplianceType, evaluation.OrderingTimestamp])).toEqual([
      ['sg-926a56e8', 'NON_COMPLIANT', new Date('2023-04-27T13:26:17.741Z')],
      ['sg-411b413c', 'COMPLIANT', new Date('2023-04-27T13:26:17.741Z')],
      ['sg-0a1b2c3d4e5f60006', 'NON_COMPLIANT', new Date('2023-04-27T13:26:17.741Z')],
    ]);
    expect(summary).toMatchObject({ trigger: 'scheduled', evaluations: 3, byCompliance: { COMPLIANT: 1, NON_COMPLIANT: 2, NOT_APPLICABLE: 0 } });
  });

  it('reports 250 groups in three calls of at most 100', async () => {
    const groups = Array.from({ length: 250 }, (_, index) => ({ GroupId: `sg-${String(index).padStart(8, '0')}`, IpPermissions: [] }));
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: groups });
    await handler(withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters }));
    expect(config.commandCalls(PutEvaluationsCommand).map((call) => call.args[0].input.Evaluations?.length)).toEqual([100, 100, 50]);
  });

  it('sends every batch, then fails naming the evaluations Config rejected, so that Lambda retries', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves(recordedGroups());
    config.on(PutEvaluationsCommand).resolves({
      FailedEvaluations: [
        {
          ComplianceResourceType: 'AWS::EC2::SecurityGroup',
          ComplianceResourceId: 'sg-926a56e8',
          ComplianceType: 'NON_COMPLIANT',
          OrderingTimestamp: new Date(),
        },
      ],
    });
    await expect(handler(withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters }))).rejects.toThrow(
      new EvaluationsRejectedError('AWS Config rejected 1 of 2 evaluations: AWS::EC2::SecurityGroup sg-926a56e8'),
    );
  });

  it('lets an EC2 failure fail the invocation and reports nothing half-done', async () => {
    ec2.on(DescribeSecurityGroupsCommand).rejects(sdkError('ec2', 'UnauthorizedOperation', 'not authorized', 403));
    await expect(handler(withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters }))).rejects.toThrow('not authorized');
    expect(config).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });
});

describe('exposed-ports-rule handler, bad input', () => {
  it("refuses the parameters the public sample events carry (other rules' parameters), naming the key", async () => {
    await expect(handler(configEvent('awsConfigRuleScheduled.json'))).rejects.toThrow(
      new InvalidRuleParametersError('rule parameter test is unknown; expected forbiddenPorts, allowedExceptions or examplePort1/exampleRange1-style keys'),
    );
    expect(config.calls()).toHaveLength(0);
  });

  it('ignores, with one log line and no evaluation, a message type the rule does not evaluate (no failure to retry)', async () => {
    const scheduled = withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters });
    const invokingEvent = { ...JSON.parse(String(scheduled.invokingEvent)), messageType: 'ConfigurationSnapshotDeliveryCompleted' };
    expect(await handler({ ...scheduled, invokingEvent: JSON.stringify(invokingEvent) })).toEqual({
      ruleName: scheduled.configRuleName,
      trigger: 'ignored',
      messageType: 'ConfigurationSnapshotDeliveryCompleted',
      evaluations: 0,
    });
    expect(config.calls()).toHaveLength(0);
  });

  it('refuses what is not a Config rule invocation, naming the field', async () => {
    await expect(handler({ detail: {} })).rejects.toThrow(new InvalidConfigEventError('event.invokingEvent is missing or not text'));
    const scheduled = withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters });
    await expect(handler({ ...scheduled, invokingEvent: '{"notificationCreationTime":"2016-07-13T21:50:00.373Z"}' })).rejects.toThrow(
      new InvalidConfigEventError('invokingEvent.messageType is missing or not text'),
    );
    await expect(handler({ ...scheduled, invokingEvent: 'not json' })).rejects.toThrow(/event.invokingEvent is not JSON/);
    await expect(handler({ ...scheduled, ruleParameters: '["22"]' })).rejects.toThrow(new InvalidRuleParametersError('ruleParameters must be a JSON object'));
    expect(config.calls()).toHaveLength(0);
  });
});
