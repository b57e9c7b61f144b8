/**
 * exposed-ports-rule against the emulator's EC2 and Config: security groups created with real SDK
 * calls (IPv4, IPv6, port ranges, all protocols), the real scheduled notification and the real
 * instance change notification in, the evaluations the handler reported to the emulator out.
 */
import type * as ConfigService from '@aws-sdk/client-config-service';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  IpPermission,
} from '@aws-sdk/client-ec2';
import type * as ExposedPortsRule from '../../../handlers/exposed-ports-rule/index';
import { ConfigCallLog, watchConfigCalls } from '../../helpers/config-rule-emulator';
import { configEvent, withRuleParameters } from '../../helpers/config-rule-events';
import { emulatorPerSuite, loadWithEnvironment } from '../../helpers/emulator-handlers';

jest.setTimeout(300_000);

const server = emulatorPerSuite();
let handler: typeof ExposedPortsRule.handler;
let config: ConfigCallLog;
let ec2: EC2Client;

beforeAll(() => {
  ({ handler, config } = loadWithEnvironment({ ...server().clientEnvironment('us-east-1'), POWERTOOLS_LOG_LEVEL: 'SILENT' }, () => {
    // Every Config call goes to the emulator; PutEvaluations inputs are recorded on the way.
    const log = watchConfigCalls(require('@aws-sdk/client-config-service') as typeof ConfigService);
    return { ...(require('../../../handlers/exposed-ports-rule/index') as typeof ExposedPortsRule), config: log };
  }));
  ec2 = new EC2Client({});
});

async function groupWith(name: string, permissions: IpPermission[]): Promise<string> {
  const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `exposed-ports test: ${name}` }));
  if (!GroupId) throw new Error(`no group id for ${name}`);
  if (permissions.length > 0) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: permissions }));
  return GroupId;
}

const tcp = (from: number, to: number, sources: { v4?: string; v6?: string }): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: from,
  ToPort: to,
  ...(sources.v4 ? { IpRanges: [{ CidrIp: sources.v4 }] } : {}),
  ...(sources.v6 ? { Ipv6Ranges: [{ CidrIpv6: sources.v6 }] } : {}),
});

it('judges every security group of the region from its current rules and reports each to Config', async () => {
  const nonCompliant = {
    sshFromAnywhere: await groupWith('ssh-open', [tcp(22, 22, { v4: '0.0.0.0/0' })]),
    rdpFromAnyIpv6: await groupWith('rdp-ipv6', [tcp(3389, 3389, { v6: '::/0' })]),
    rangeOverlappingForbidden: await groupWith('range-overlap', [tcp(1500, 1600, { v4: '0.0.0.0/0' })]),
    everyProtocol: await groupWith('all-traffic', [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]),
    udpSsh: await groupWith('udp-22', [{ IpProtocol: 'udp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]),
  };
  const compliant = {
    privateSsh: await groupWith('ssh-private', [tcp(22, 22, { v4: '10.0.0.0/8', v6: 'fd00::/8' })]),
    webFromAnywhere: await groupWith('web', [tcp(443, 443, { v4: '0.0.0.0/0', v6: '::/0' }), tcp(8000, 9000, { v4: '0.0.0.0/0' })]),
    rangeBesideForbidden: await groupWith('range-beside', [tcp(2001, 2100, { v4: '0.0.0.0/0' })]),
    noRules: await groupWith('empty', []),
  };
  // The emulator's default VPC brings its default group (ingress from itself only): compliant too.
  const allGroupIds = ((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []).map((group) => group.GroupId ?? '');
  const defaultGroupIds = allGroupIds.filter((id) => ![...Object.values(nonCompliant), ...Object.values(compliant)].includes(id));
  expect(defaultGroupIds.length).toBeGreaterThan(0);

  const scheduled = withRuleParameters(configEvent('awsConfigRuleScheduled.json'), {
    ruleParameters: { forbiddenPorts: '22,3389,1000-2000' },
    // The emulator accepts PutEvaluations only in test mode, which the handler asks for with this token.
    resultToken: 'TESTMODE',
  });
  const summary = await handler(scheduled);

  expect(config.putEvaluations.every((input) => input.ResultToken === 'TESTMODE' && input.TestMode === true)).toBe(true);
  const reported = Object.fromEntries(
    config.evaluations().map((evaluation): [string, ConfigService.Evaluation] => [evaluation.ComplianceResourceId ?? '', evaluation]),
  );
  expect(Object.keys(reported).sort()).toEqual([...allGroupIds].sort());
  for (const evaluation of Object.values(reported)) expect(evaluation.ComplianceResourceType).toBe('AWS::EC2::SecurityGroup');
  for (const groupId of Object.values(nonCompliant)) expect(reported[groupId]?.ComplianceType).toBe('NON_COMPLIANT');
  for (const groupId of [...Object.values(compliant), ...defaultGroupIds]) expect(reported[groupId]?.ComplianceType).toBe('COMPLIANT');
  expect(reported[nonCompliant.sshFromAnywhere]?.Annotation).toBe(
    `${nonCompliant.sshFromAnywhere} (ssh-open): rule tcp 22 from 0.0.0.0/0 reaches forbidden port 22`,
  );
  expect(reported[nonCompliant.rdpFromAnyIpv6]?.Annotation).toContain('from ::/0 reaches forbidden port 3389');
  expect(reported[nonCompliant.rangeOverlappingForbidden]?.Annotation).toContain('reaches forbidden ports 1500-1600');
  expect(summary).toMatchObject({
    trigger: 'scheduled',
    evaluations: allGroupIds.length,
    byCompliance: { NON_COMPLIANT: 5, COMPLIANT: allGroupIds.length - 5 },
  });
});

it('lets an exception parameter allow one group to expose one forbidden port', async () => {
  const bastion = await groupWith('bastion', [tcp(22, 22, { v4: '0.0.0.0/0' })]);
  const other = await groupWith('other-ssh', [tcp(22, 22, { v4: '0.0.0.0/0' })]);
  const reportedBefore = config.evaluations().length;
  await handler(
    withRuleParameters(configEvent('awsConfigRuleScheduled.json'), {
      ruleParameters: { forbiddenPorts: '22', allowedExceptions: `${bastion}:22` },
      resultToken: 'TESTMODE',
    }),
  );
  const reported = Object.fromEntries(
    config
      .evaluations()
      .slice(reportedBefore)
      .map((evaluation) => [evaluation.ComplianceResourceId, evaluation.ComplianceType]),
  );
  expect(reported[bastion]).toBe('COMPLIANT');
  expect(reported[other]).toBe('NON_COMPLIANT');
});

describe('a change notification about an instance (the real configuration item)', () => {
  /** The real item names the groups sg-0fb295a327d9b4835 (minhaec2) and sg-88105fa0 (default): made the emulated ones. */
  function instanceChange(webGroupId: string, otherGroupId: string): Record<string, unknown> {
    const event = withRuleParameters(configEvent('awsConfigRuleConfigurationChanged.json'), {
      ruleParameters: { forbiddenPorts: '22,3389' },
      resultToken: 'TESTMODE',
    });
    return { ...event, invokingEvent: String(event.invokingEvent).replaceAll('sg-0fb295a327d9b4835', webGroupId).replaceAll('sg-88105fa0', otherGroupId) };
  }

  it("judges the instance through the current rules of its interfaces' groups", async () => {
    const web = await groupWith('minhaec2', [tcp(22, 22, { v4: '0.0.0.0/0' })]);
    const office = await groupWith('office', [tcp(3389, 3389, { v4: '192.0.2.0/24' })]);
    const reportedBefore = config.evaluations().length;
    await handler(instanceChange(web, office));
    expect(config.evaluations().slice(reportedBefore)).toEqual([
      expect.objectContaining({
        ComplianceResourceType: 'AWS::EC2::Instance',
        ComplianceResourceId: 'i-042dd005362091826',
        ComplianceType: 'NON_COMPLIANT',
        Annotation: `i-042dd005362091826 via ${web} (minhaec2): rule tcp 22 from 0.0.0.0/0 reaches forbidden port 22`,
      }),
    ]);
  });

  it('names a group deleted since the item was recorded, and judges the rest', async () => {
    const web = await groupWith('minhaec2', [tcp(443, 443, { v4: '0.0.0.0/0' })]);
    const deleted = await groupWith('deleted', [tcp(22, 22, { v4: '0.0.0.0/0' })]);
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: deleted }));
    const reportedBefore = config.evaluations().length;
    await handler(instanceChange(web, deleted));
    expect(config.evaluations().slice(reportedBefore)).toEqual([
      expect.objectContaining({ ComplianceType: 'COMPLIANT', Annotation: expect.stringContaining(`(1 of its groups no longer exist: ${deleted})`) }),
    ]);
  });
});
