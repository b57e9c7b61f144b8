/**
 * The attacks of issue #11 on the quarantine guard, each written as the attacker's steps (an
 * identity with member-account rights: ec2:*, sns:Publish, logs:PutLogEvents; no IAM writes, no
 * writes to the guard's state table), and what the guard does: refuse, hold, or alert, and never
 * leave a half-contained instance unreported.
 */
import './test-env';
import { gzipSync } from 'node:zlib';
import { DetachInstancesCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeAlarmsCommand, GetMetricStatisticsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { DeregisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AttachRolePolicyCommand, GetInstanceProfileCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler } from '../../../handlers/instance-quarantine';
import { sharedEvent } from '../../helpers/fixtures';
import {
  answer,
  breachingDatapoints,
  everyInstanceExists,
  earlierQuarantineRecord,
  firingGuardAlarm,
  guardGroup,
  happyPath,
  recordedInstanceId,
  useQuarantineTestAws,
} from './aws-mocks';
import { sdkError } from '../../helpers/sdk-errors';
import { emailView } from '../../helpers/published-alert';

const aws = useQuarantineTestAws();

const manual = { action: 'quarantine', instanceId: recordedInstanceId, reason: 'test' };
const isolationName = 'guards-quarantine-isolation';
const allowAllName = `guards-quarantine-allow-all-${recordedInstanceId}`;

function reports(): { Subject: string; Message: string }[] {
  return aws.mocks.sns.commandCalls(PublishCommand).map((call) => emailView(call.args[0].input));
}

function moves(): string[] {
  return aws.mocks.ec2
    .commandCalls(ModifyNetworkInterfaceAttributeCommand)
    .map((call) => `${call.args[0].input.NetworkInterfaceId} ${(call.args[0].input.Groups ?? []).join(',')}`);
}

describe('attack: forged prior-state tags', () => {
  it('an attacker tags its instance with an admin profile and open groups as "prior state": the guard records what EC2 says and fences the real role', async () => {
    // Attacker: ec2:CreateTags on its own instance, then gets it quarantined (and later released).
    happyPath(aws.mocks, {
      instance: (instance) => ({
        ...instance,
        Tags: [
          { Key: 'guards:prior:recorded-at', Value: '2026-01-01T00:00:00.000Z' },
          { Key: 'guards:prior:instance-profile', Value: 'arn:aws:iam::0:instance-profile/admin' },
          { Key: 'guards:prior:sgs:eni-ee61adee', Value: 'sg-0open' },
        ],
      }),
    });
    expect((await handler(manual))[0].outcome).toBe('contained');
    expect(aws.mocks.iam.commandCalls(GetInstanceProfileCommand)[0].args[0].input.InstanceProfileName).toBe('ec2-default');
    expect(aws.mocks.iam.commandCalls(AttachRolePolicyCommand).map((call) => call.args[0].input.RoleName)).toEqual(['ec2-default-role']);
    expect(await aws.table.record(recordedInstanceId)).toMatchObject({
      instanceProfileArn: 'arn:aws:iam::0:instance-profile/ec2-default',
      groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819'] },
    });
  });
});

describe('attack: forged exemption tag', () => {
  it('an attacker tags its instance guards:quarantine-exempt=true: with the default config the guard contains it anyway', async () => {
    happyPath(aws.mocks, { instance: (instance) => ({ ...instance, Tags: [{ Key: 'guards:quarantine-exempt', Value: 'true' }] }) });
    expect((await handler(manual))[0].outcome).toBe('contained');
    expect(moves()).toHaveLength(2);
  });
});

describe('attack: pre-created open isolation group (issue 19: squatting no longer blocks isolation)', () => {
  /** The name of the fresh group the guard made when the name was taken, from its CreateSecurityGroup calls. */
  function createdIsolationNames(): string[] {
    return aws.mocks.ec2
      .commandCalls(CreateSecurityGroupCommand)
      .map((call) => call.args[0].input.GroupName ?? '')
      .filter((name) => name.startsWith(isolationName));
  }

  it("an attacker creates guards-quarantine-isolation with open ingress (tagged like the guard's): the guard never uses it, isolates in a fresh verified group and says so", async () => {
    happyPath(aws.mocks, {
      existingGroups: {
        [isolationName]: guardGroup('sg-0trap', { ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
      },
    });
    expect((await handler(manual))[0].outcome).toBe('contained');
    expect(moves().filter((move) => move.includes('sg-0trap'))).toEqual([]);
    const [fresh] = createdIsolationNames();
    expect(fresh).toMatch(new RegExp(`^${isolationName}-[0-9a-f]+$`));
    // The fresh group is the one the recorded CreateSecurityGroup answer names, with its default egress revoked.
    expect(moves()).toContain('eni-ee61adee sg-0d80e0003f8f542cb');
    expect(aws.mocks.calls).toContain('RevokeSecurityGroupEgress sg-0d80e0003f8f542cb');
    const [report] = reports();
    expect(report.Message).toContain(
      `passed over ${isolationName} (sg-0trap) has ingress rules (tcp:22-22:0.0.0.0/0); isolated in the fresh group sg-0d80e0003f8f542cb`,
    );
  });

  it('an untagged group of that name is passed over too, even with no rules', async () => {
    happyPath(aws.mocks, { existingGroups: { [isolationName]: { GroupId: 'sg-0squat', IpPermissions: [], IpPermissionsEgress: [] } } });
    expect((await handler(manual))[0].outcome).toBe('contained');
    expect(moves().filter((move) => move.includes('sg-0squat'))).toEqual([]);
    expect(createdIsolationNames()).toHaveLength(1);
    expect(reports()[0].Message).toContain(`passed over ${isolationName} (sg-0squat) lacks the tag guards:managed-by=instance-quarantine`);
  });

  it('a guard-made group with a suffix from an earlier squat is found by its tag and reused, not made again', async () => {
    const earlier = `${isolationName}-0a1b2c3d`;
    happyPath(aws.mocks, { existingGroups: { [isolationName]: { GroupId: 'sg-0squat', IpPermissions: [], IpPermissionsEgress: [] } } });
    // DescribeSecurityGroups with the name and name-* filter: the squatter and the guard's earlier fresh group.
    answer<{ Filters: { Name: string; Values: string[] }[] }>(aws.mocks, 'ec2', DescribeSecurityGroupsCommand, (input) => {
      const names = input.Filters.find((filter) => filter.Name === 'group-name')?.Values ?? [];
      return names.includes(`${isolationName}-*`)
        ? {
            SecurityGroups: [
              { GroupName: isolationName, GroupId: 'sg-0squat' },
              { GroupName: earlier, ...guardGroup('sg-0earlier') },
            ],
          }
        : { SecurityGroups: [] };
    });
    expect((await handler(manual))[0].outcome).toBe('contained');
    expect(createdIsolationNames()).toEqual([]);
    expect(moves()).toContain('eni-ee61adee sg-0earlier');
  });
});

describe('attack: pre-created untagged allow-all group', () => {
  it('an attacker squats the allow-all name: the guard does not use it, still isolates every interface, and reports the weaker isolation', async () => {
    happyPath(aws.mocks, { existingGroups: { [allowAllName]: { GroupId: 'sg-0squat', IpPermissions: [], IpPermissionsEgress: [] } } });
    await expect(handler(manual)).rejects.toMatchObject({ name: 'ContainmentIncompleteError' });
    expect(moves()).toEqual(['eni-ee61adee sg-0d80e0003f8f542cb']);
    expect(aws.mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
    expect(reports()[0].Message).toContain('not usable (UntrustedGroupError');
    expect(reports()[0].Message).toContain('tracked connections may survive');
  });

  it("a retry deletes the guard's allow-all group that an earlier run could not delete", async () => {
    await aws.table.putRecord(earlierQuarantineRecord());
    happyPath(aws.mocks, {
      instance: (instance) => ({ ...instance, NetworkInterfaces: [{ ...(instance.NetworkInterfaces as object[])[0], Groups: [{ GroupId: 'sg-0iso' }] }] }),
      existingGroups: {
        [isolationName]: guardGroup('sg-0iso'),
        [allowAllName]: guardGroup('sg-0left', { ingress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }),
      },
    });
    expect((await handler(manual))[0].outcome).toBe('contained');
    expect(moves()).toEqual([]);
    expect(aws.mocks.ec2.commandCalls(DeleteSecurityGroupCommand).map((call) => call.args[0].input.GroupId)).toEqual(['sg-0left']);
  });

  it('an untagged group of the allow-all name left in the VPC is not deleted by a retry', async () => {
    await aws.table.putRecord(earlierQuarantineRecord());
    happyPath(aws.mocks, {
      instance: (instance) => ({ ...instance, NetworkInterfaces: [{ ...(instance.NetworkInterfaces as object[])[0], Groups: [{ GroupId: 'sg-0iso' }] }] }),
      existingGroups: { [isolationName]: guardGroup('sg-0iso'), [allowAllName]: { GroupId: 'sg-0theirs', IpPermissions: [], IpPermissionsEgress: [] } },
    });
    expect((await handler(manual))[0].outcome).toBe('contained');
    expect(aws.mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });

  it('without an attacker, the allow-all group is deleted once the interfaces left it', async () => {
    happyPath(aws.mocks);
    await handler(manual);
    expect(aws.mocks.ec2.commandCalls(DeleteSecurityGroupCommand).map((call) => call.args[0].input.GroupId)).toEqual(['sg-0a11a11a11a11a11a']);
    expect(aws.mocks.ec2.commandCalls(CreateSecurityGroupCommand).map((call) => call.args[0].input.GroupName)).toEqual([isolationName, allowAllName]);
  });
});

describe('attack: instance in an Auto Scaling group behind a target group', () => {
  it('isolation would fail health checks and get the instance (and the evidence) terminated: the guard takes it out of both first', async () => {
    happyPath(aws.mocks, {
      autoScalingGroup: 'web-asg',
      targetGroups: [
        {
          arn: 'arn:aws:elasticloadbalancing:us-west-1:0:targetgroup/web-80/1111',
          targets: [
            { Id: recordedInstanceId, Port: 80 },
            { Id: 'i-0other00000000001', Port: 80 },
          ],
        },
        { arn: 'arn:aws:elasticloadbalancing:us-west-1:0:targetgroup/api-8080/2222', targets: [{ Id: 'i-0other00000000001', Port: 8080 }] },
        // Registered by its private address in an IP-type group.
        {
          arn: 'arn:aws:elasticloadbalancing:us-west-1:0:targetgroup/admin-443/3333',
          type: 'ip',
          targets: [
            { Id: '10.0.0.38', Port: 443 },
            { Id: '10.0.0.99', Port: 443 },
          ],
        },
      ],
    });
    expect((await handler(manual))[0].outcome).toBe('contained');
    const order = aws.mocks.calls.filter((call) => /^(ModifyInstanceAttribute|DetachInstances|DeregisterTargets|ModifyNetworkInterfaceAttribute)/.test(call));
    expect(order).toEqual([
      'ModifyInstanceAttribute',
      'ModifyInstanceAttribute',
      'DetachInstances web-asg',
      `DeregisterTargets web-80 ${recordedInstanceId}:80`,
      'DeregisterTargets admin-443 10.0.0.38:443',
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0d80e0003f8f542cb',
    ]);
    expect(aws.mocks.autoScaling.commandCalls(DetachInstancesCommand)[0].args[0].input.ShouldDecrementDesiredCapacity).toBe(false);
    expect(aws.mocks.elbv2.commandCalls(DeregisterTargetsCommand)).toHaveLength(2);
  });

  it('in standby mode, the group keeps it without replacing it', async () => {
    happyPath(aws.mocks, { autoScalingGroup: 'web-asg' });
    process.env.AUTO_SCALING_ACTION = 'standby';
    try {
      await handler(manual);
    } finally {
      process.env.AUTO_SCALING_ACTION = 'detach';
    }
    expect(aws.mocks.calls).toContain('EnterStandby web-asg');
    expect(aws.mocks.autoScaling.commandCalls(DetachInstancesCommand)).toHaveLength(0);
  });
});

describe('attack: Spot instance', () => {
  it('AWS refuses termination protection on Spot: the guard skips it once with the reason, and contains the rest without a retry loop', async () => {
    happyPath(aws.mocks, { instance: (instance) => ({ ...instance, InstanceLifecycle: 'spot' }) });
    answer(aws.mocks, 'ec2', ModifyInstanceAttributeCommand, () => {
      throw sdkError('ec2', 'UnsupportedOperation', 'The instance is a spot instance and does not support termination protection.');
    });
    const [result] = await handler(manual);
    expect(result.outcome).toBe('contained');
    expect(aws.mocks.ec2.commandCalls(ModifyInstanceAttributeCommand)).toHaveLength(0);
    expect(reports()[0].Message).toContain('[SKIPPED] protect-from-termination: Spot instance: AWS refuses termination protection');
    expect(moves()).toHaveLength(2);
  });
});

describe('attack: failing second interface move', () => {
  function failIsolationMoves(times: number): void {
    let failures = 0;
    answer<{ NetworkInterfaceId: string; Groups: string[] }>(
      aws.mocks,
      'ec2',
      ModifyNetworkInterfaceAttributeCommand,
      (input) => {
        if (input.Groups[0] === 'sg-0d80e0003f8f542cb' && failures < times) {
          failures += 1;
          throw sdkError('ec2', 'InvalidNetworkInterface.InUse', 'The interface is being modified.');
        }
        return {};
      },
      (input) => `${input.NetworkInterfaceId} ${input.Groups.join(',')}`,
    );
  }

  it('one failure: the move to isolation is retried and succeeds', async () => {
    happyPath(aws.mocks);
    failIsolationMoves(1);
    expect((await handler(manual))[0].outcome).toBe('contained');
    expect(moves()).toEqual(['eni-ee61adee sg-0a11a11a11a11a11a', 'eni-ee61adee sg-0d80e0003f8f542cb', 'eni-ee61adee sg-0d80e0003f8f542cb']);
  });

  it('persistent failure: the interface goes back to its own groups, never stays in allow-all, and the report says NOT ISOLATED', async () => {
    happyPath(aws.mocks);
    failIsolationMoves(99);
    await expect(handler(manual)).rejects.toMatchObject({ name: 'ContainmentIncompleteError' });
    expect(moves()).toEqual([
      'eni-ee61adee sg-0a11a11a11a11a11a',
      'eni-ee61adee sg-0d80e0003f8f542cb',
      'eni-ee61adee sg-0d80e0003f8f542cb',
      'eni-ee61adee sg-7e41d819',
    ]);
    // Nothing is left in allow-all, so the group can go.
    expect(aws.mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(1);
    expect(reports()[0].Message).toContain(
      'eni-ee61adee: NOT ISOLATED (InvalidNetworkInterface.InUse: The interface is being modified.); put back in its own groups sg-7e41d819',
    );
  });
});

describe('attack: forged alarm notification or forged alarm state (issue 19)', () => {
  type SnsEvent = { Records: { Sns: { Message: string } }[] };
  function forgedAlarm(instanceId = recordedInstanceId): SnsEvent {
    // Attacker: sns:Publish on the alert topic, a copy of a real alarm naming the victim.
    const event = sharedEvent<SnsEvent>('cloudwatch-alarm-sns-payload-single-metric.json');
    const alarm = JSON.parse(event.Records[0].Sns.Message);
    alarm.AlarmName = `guards-quarantine-${instanceId}`;
    alarm.NewStateValue = 'ALARM';
    alarm.NewStateReason = 'Threshold Crossed\n\nReason: <b>ops</b> approved `rm -rf`';
    alarm.Trigger.MetricName = instanceId;
    alarm.Trigger.Dimensions = [];
    event.Records[0].Sns.Message = JSON.stringify(alarm);
    return event;
  }
  const firing = firingGuardAlarm();
  const realAlarm = { ...firing, StateValue: 'OK', StateReasonData: undefined };
  it.each([
    ['the alarm is OK', { alarms: [realAlarm] }, 'is in state OK, not ALARM'],
    ['no such alarm exists', { alarms: [] }, 'does not exist'],
    ['the alarm counts another instance', { alarms: [{ ...firing, MetricName: 'i-0another000000001' }] }, 'not the line count of instance'],
    [
      'the alarm has a dimension the filter does not write',
      { alarms: [{ ...firing, Dimensions: [{ Name: 'InstanceId', Value: recordedInstanceId }] }] },
      'with dimensions',
    ],
    ['the alarm watches another namespace', { alarms: [{ ...firing, Namespace: 'Attacker' }] }, 'watches namespace Attacker'],
    ['the alarm lacks the guards tag (made by someone else)', { alarms: [firing], alarmTags: [] }, 'lacks the tag guards:managed-by=instance-quarantine'],
    ['SetAlarmState put it in ALARM without reason data', { alarms: [{ ...firing, StateReasonData: undefined }] }, 'without a metric evaluation'],
    ['SetAlarmState put it in ALARM with forged reason data', { alarms: [firing], metricDatapoints: [] }, 'holds 0 breaching datapoint(s) where 1 are needed'],
    [
      'the metric is below the threshold',
      { alarms: [firing], metricDatapoints: [{ Timestamp: new Date('2026-12-04T10:00:00Z'), Sum: 2 }] },
      'holds 0 breaching',
    ],
  ])('is refused with an alert when %s', async (_case, scenario, problem) => {
    happyPath(aws.mocks, scenario);
    const [result] = await handler(forgedAlarm());
    expect(result.outcome).toBe('refused');
    expect(aws.mocks.cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input.AlarmNames).toEqual([`guards-quarantine-${recordedInstanceId}`]);
    expect(aws.mocks.ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(0);
    expect(moves()).toEqual([]);
    const [report] = reports();
    expect(report.Subject).toMatch(/^\[REFUSED: unverified trigger\] i-00fe7967fb7167c62 in 111122223333\/us-west-1 \(alarm\)$/);
    expect(report.Message).toContain(problem);
  });

  it("an alarm named like the guard's for an instance that is not in alarmInstances is refused before any CloudWatch call", async () => {
    const other = 'i-0badc0ffee0000001';
    happyPath(aws.mocks, { alarms: [{ ...firing, AlarmName: `guards-quarantine-${other}`, MetricName: other }], metricDatapoints: breachingDatapoints });
    const [result] = await handler(forgedAlarm(other));
    expect(result.outcome).toBe('refused');
    expect(aws.mocks.cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
    expect(reports()[0].Message).toContain(`alarm guards-quarantine-${other} is not a configured alarm of this account`);
  });

  it('is acted on when the configured, tagged alarm is in ALARM from an evaluation its metric really holds', async () => {
    happyPath(aws.mocks, { alarms: [firing], metricDatapoints: breachingDatapoints });
    expect((await handler(forgedAlarm()))[0].outcome).toBe('contained');
    const [statistics] = aws.mocks.cloudwatch.commandCalls(GetMetricStatisticsCommand);
    expect(statistics.args[0].input).toMatchObject({
      Namespace: 'SecurityGuards/InstanceQuarantine',
      MetricName: recordedInstanceId,
      Period: 60,
      Statistics: ['Sum'],
      StartTime: new Date('2026-12-04T10:00:00Z'),
      EndTime: new Date('2026-12-04T10:01:00Z'),
    });
    expect(aws.mocks.cloudwatch.commandCalls(ListTagsForResourceCommand)[0].args[0].input.ResourceARN).toBe(firing.AlarmArn);
  });

  it("shows the alarm's state reason labelled as untrusted and escaped: no forged line, no markup", async () => {
    happyPath(aws.mocks, { alarms: [firing], metricDatapoints: breachingDatapoints });
    await handler(forgedAlarm());
    const { Message } = reports()[0];
    expect(Message).toContain(`Reason: alarm guards-quarantine-${recordedInstanceId} went to ALARM`);
    expect(Message).toContain('reason (from the alarm, untrusted): Threshold Crossed\\u000a\\u000aReason: \\<b\\>ops\\</b\\> approved \\`rm -rf\\`');
    expect(Message.split('\n').filter((line) => line.startsWith('Reason:'))).toHaveLength(1);
  });

  it('a retry of a quarantine under way goes on after the alarm went back to OK (nothing new is started)', async () => {
    await aws.table.putRecord(earlierQuarantineRecord({ trigger: 'alarm' }));
    happyPath(aws.mocks, { alarms: [realAlarm] });
    expect((await handler(forgedAlarm()))[0].outcome).toBe('contained');
    expect(aws.mocks.cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  });
});

describe('attack: burst of fleet lines for many instances', () => {
  const limit = 3;
  const victims = Array.from({ length: 5 }, (_, index) => `i-0${String(index).repeat(16)}`);

  function fleetEvent(instanceId: string): { awslogs: { data: string } } {
    // Attacker: logs:PutLogEvents into streams named after other instances.
    const batch = {
      messageType: 'DATA_MESSAGE',
      owner: '111122223333',
      logGroup: '/guards/instance-quarantine/application',
      logStream: instanceId,
      subscriptionFilters: ['guards-instance-quarantine-fleet'],
      logEvents: Array.from({ length: 5 }, (_, index) => ({ id: String(index), timestamp: index, message: '"GET /admin" 401' })),
    };
    return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(batch))).toString('base64') } };
  }

  it(`quarantines at most ${limit} new instances per hour, then alerts instead of acting; a re-run of one under way still runs`, async () => {
    happyPath(aws.mocks);
    everyInstanceExists(aws.mocks);
    process.env.FLEET_MAX_QUARANTINES_PER_HOUR = String(limit);
    const outcomes: string[] = [];
    try {
      for (const victim of victims) outcomes.push(...(await handler(fleetEvent(victim))).map((result) => result.outcome));
      outcomes.push(...(await handler(fleetEvent(victims[0]))).map((result) => result.outcome));
    } finally {
      process.env.FLEET_MAX_QUARANTINES_PER_HOUR = '10';
    }
    expect(outcomes).toEqual(['contained', 'contained', 'contained', 'rate-limited', 'rate-limited', 'contained']);
    const limited = reports().filter((report) => report.Subject.startsWith('[RATE LIMIT'));
    expect(limited.map((report) => report.Subject)).toEqual([expect.stringContaining(victims[3]), expect.stringContaining(victims[4])]);
    expect(limited[0].Message).toContain(`already started ${limit} quarantines this hour`);
    expect(await aws.table.record(victims[3])).toBeUndefined();
  });
});
