import './test-env';
import { CreateNetworkAclEntryCommand, DeleteNetworkAclEntryCommand, DescribeNetworkAclsCommand, ReplaceNetworkAclEntryCommand } from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler as quarantine } from '../../../handlers/instance-quarantine';
import { handler as release } from '../../../handlers/instance-quarantine-release';
import { sdkError } from '../../helpers/sdk-errors';
import { answer, earlierQuarantineRecord, happyPath, recordedInstanceId, useQuarantineTestAws } from './aws-mocks';
import { emailView } from '../../helpers/published-alert';

const aws = useQuarantineTestAws();

const manual = { action: 'quarantine', instanceId: recordedInstanceId, reason: 'test: tracked flows' };
/** The recorded instance's one interface: subnet-d832b380, 10.0.0.38. */
const subnetId = 'subnet-d832b380';
const aclId = 'acl-0subnet0000000001';

interface AclEntry {
  RuleNumber: number;
  Egress: boolean;
  RuleAction: string;
  Protocol: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
}

/** The subnet's network ACL: its entries as DescribeNetworkAcls reports them, changed by the create and delete calls. */
function networkAcl(entries: AclEntry[], onCreate?: (input: AclEntry) => void): AclEntry[] {
  const current = [...entries];
  answer<{ Filters?: { Name: string; Values: string[] }[]; NetworkAclIds?: string[] }>(
    aws.mocks,
    'ec2',
    DescribeNetworkAclsCommand,
    (input) => {
      const bySubnet = input.Filters?.find((filter) => filter.Name === 'association.subnet-id')?.Values.includes(subnetId);
      const byId = input.NetworkAclIds?.includes(aclId);
      return {
        NetworkAcls: bySubnet || byId ? [{ NetworkAclId: aclId, Associations: [{ SubnetId: subnetId, NetworkAclId: aclId }], Entries: [...current] }] : [],
      };
    },
    (input) => input.Filters?.map((filter) => `${filter.Name}=${filter.Values.join(',')}`).join(' ') ?? (input.NetworkAclIds ?? []).join(','),
  );
  answer<AclEntry & { NetworkAclId: string }>(
    aws.mocks,
    'ec2',
    CreateNetworkAclEntryCommand,
    (input) => {
      onCreate?.(input);
      // As EC2: a number in use in that direction is refused, never replaced.
      if (current.some((entry) => entry.Egress === input.Egress && entry.RuleNumber === input.RuleNumber)) {
        throw sdkError('ec2', 'NetworkAclEntryAlreadyExists', `The network acl entry identified by ${input.RuleNumber} already exists.`);
      }
      current.push({
        RuleNumber: input.RuleNumber,
        Egress: input.Egress,
        RuleAction: input.RuleAction,
        Protocol: input.Protocol,
        CidrBlock: input.CidrBlock,
        Ipv6CidrBlock: input.Ipv6CidrBlock,
      });
      return {};
    },
    (input) => `${input.Egress ? 'out' : 'in'} #${input.RuleNumber} ${input.RuleAction} ${input.CidrBlock ?? input.Ipv6CidrBlock}`,
  );
  answer<{ RuleNumber: number; Egress: boolean }>(
    aws.mocks,
    'ec2',
    DeleteNetworkAclEntryCommand,
    (input) => {
      const index = current.findIndex((entry) => entry.Egress === input.Egress && entry.RuleNumber === input.RuleNumber);
      if (index < 0) throw sdkError('ec2', 'InvalidNetworkAclEntry.NotFound', `The network acl entry identified by ${input.RuleNumber} does not exist.`);
      current.splice(index, 1);
      return {};
    },
    (input) => `${input.Egress ? 'out' : 'in'} #${input.RuleNumber}`,
  );
  return current;
}

const subnetRule = (ruleNumber: number, egress: boolean): AclEntry => ({
  RuleNumber: ruleNumber,
  Egress: egress,
  RuleAction: 'allow',
  Protocol: '-1',
  CidrBlock: '0.0.0.0/0',
});

function published(): { Subject: string; Message: string } {
  const calls = aws.mocks.sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return emailView(calls[0].args[0].input);
}

const naclCalls = () => aws.mocks.calls.filter((call) => /NetworkAcl/.test(call));

describe('instance-quarantine: network ACL deny (networkAclDeny)', () => {
  beforeEach(() => {
    process.env.NETWORK_ACL_DENY = 'true';
    process.env.NETWORK_ACL_RULE_FROM = '1';
    process.env.NETWORK_ACL_RULE_TO = '20';
  });
  afterEach(() => {
    process.env.NETWORK_ACL_DENY = 'false';
    process.env.NETWORK_ACL_RULE_FROM = '1';
    process.env.NETWORK_ACL_RULE_TO = '20';
  });

  it("denies each address in and out, in the first free numbers of the range, skipping the subnet's own, and records each entry", async () => {
    happyPath(aws.mocks, {
      instance: (instance) => {
        const [eni] = instance.NetworkInterfaces as Record<string, unknown>[];
        return { ...instance, NetworkInterfaces: [{ ...eni, Ipv6Addresses: [{ Ipv6Address: '2001:db8::38' }] }] };
      },
    });
    // Inbound 1 and 2 and outbound 1 are the subnet's own: kept as they are.
    const entries = networkAcl([subnetRule(1, false), subnetRule(2, false), subnetRule(1, true), subnetRule(100, false), subnetRule(100, true)]);
    const [result] = await quarantine(manual);
    expect(result.outcome).toBe('contained');
    expect(naclCalls()).toEqual([
      `DescribeNetworkAcls association.subnet-id=${subnetId}`,
      'CreateNetworkAclEntry in #3 deny 10.0.0.38/32',
      'CreateNetworkAclEntry in #4 deny 2001:db8::38/128',
      'CreateNetworkAclEntry out #2 deny 10.0.0.38/32',
      'CreateNetworkAclEntry out #3 deny 2001:db8::38/128',
    ]);
    // After isolation: every interface move comes first.
    const lastMove = aws.mocks.calls.map((call) => call.startsWith('ModifyNetworkInterfaceAttribute')).lastIndexOf(true);
    expect(lastMove).toBeGreaterThan(0);
    expect(aws.mocks.calls.indexOf(`DescribeNetworkAcls association.subnet-id=${subnetId}`)).toBeGreaterThan(lastMove);
    expect(aws.mocks.ec2.commandCalls(ReplaceNetworkAclEntryCommand)).toHaveLength(0);
    for (const call of aws.mocks.ec2.commandCalls(CreateNetworkAclEntryCommand)) {
      expect(call.args[0].input).toMatchObject({ NetworkAclId: aclId, Protocol: '-1', RuleAction: 'deny' });
    }
    expect(entries.filter((entry) => entry.RuleAction === 'allow')).toHaveLength(5);
    const record = await aws.table.record(recordedInstanceId);
    expect(record?.networkAclEntries).toEqual([
      { networkAclId: aclId, ruleNumber: 3, egress: false, cidr: '10.0.0.38/32' },
      { networkAclId: aclId, ruleNumber: 4, egress: false, cidr: '2001:db8::38/128' },
      { networkAclId: aclId, ruleNumber: 2, egress: true, cidr: '10.0.0.38/32' },
      { networkAclId: aclId, ruleNumber: 3, egress: true, cidr: '2001:db8::38/128' },
    ]);
    expect(result.steps.find((step) => step.step === 'deny-in-network-acls')).toMatchObject({
      status: 'done',
      detail: expect.stringContaining(`${aclId} inbound #3 10.0.0.38/32`),
    });
    expect(published().Message).toContain('[DONE] deny-in-network-acls');
  });

  it('adds nothing twice on a re-run: the recorded entries still in the ACL count as present', async () => {
    happyPath(aws.mocks);
    networkAcl([]);
    await quarantine(manual);
    const created = aws.mocks.ec2.commandCalls(CreateNetworkAclEntryCommand).length;
    expect(created).toBe(2);
    aws.mocks.sns.resetHistory();
    const [again] = await quarantine(manual);
    expect(aws.mocks.ec2.commandCalls(CreateNetworkAclEntryCommand)).toHaveLength(created);
    expect(again.steps.find((step) => step.step === 'deny-in-network-acls')).toMatchObject({
      status: 'skipped',
      detail: expect.stringContaining('already denied'),
    });
  });

  it('fails closed when the range is full: nothing replaced, the step fails, the report alerts, Lambda retries', async () => {
    process.env.NETWORK_ACL_RULE_TO = '2';
    happyPath(aws.mocks);
    networkAcl([subnetRule(1, false), subnetRule(2, false)]);
    await expect(quarantine(manual)).rejects.toMatchObject({ name: 'ContainmentIncompleteError', message: expect.stringContaining('deny-in-network-acls') });
    // Inbound full: no inbound create at all; outbound had room and was denied.
    expect(naclCalls()).toEqual([`DescribeNetworkAcls association.subnet-id=${subnetId}`, 'CreateNetworkAclEntry out #1 deny 10.0.0.38/32']);
    expect(aws.mocks.ec2.commandCalls(ReplaceNetworkAclEntryCommand)).toHaveLength(0);
    const report = published();
    expect(report.Subject).toContain('QUARANTINE INCOMPLETE');
    expect(report.Message).toContain('[FAILED] deny-in-network-acls');
    expect(report.Message).toContain('inbound rule numbers 1-2 all in use; 10.0.0.38/32 NOT denied');
    // What was created is recorded, for the release.
    expect((await aws.table.record(recordedInstanceId))?.networkAclEntries).toEqual([
      { networkAclId: aclId, ruleNumber: 1, egress: true, cidr: '10.0.0.38/32' },
    ]);
  });

  it('reports a failed create with the SDK error, and records only what was created', async () => {
    happyPath(aws.mocks);
    networkAcl([], (input) => {
      if (input.Egress) throw sdkError('ec2', 'NetworkAclEntryLimitExceeded', 'The maximum number of entries for the network ACL has been reached.');
    });
    await expect(quarantine(manual)).rejects.toMatchObject({ name: 'ContainmentIncompleteError' });
    const step = published()
      .Message.split('\n')
      .find((line) => line.includes('deny-in-network-acls'));
    expect(step).toContain('[FAILED]');
    expect(step).toContain('NetworkAclEntryLimitExceeded');
    expect((await aws.table.record(recordedInstanceId))?.networkAclEntries).toEqual([
      { networkAclId: aclId, ruleNumber: 1, egress: false, cidr: '10.0.0.38/32' },
    ]);
  });

  it('a dry run plans the step in the configured range and touches no network ACL', async () => {
    process.env.NETWORK_ACL_RULE_FROM = '40';
    process.env.NETWORK_ACL_RULE_TO = '49';
    happyPath(aws.mocks);
    networkAcl([]);
    const [result] = await quarantine({ ...manual, dryRun: true });
    expect(result.outcome).toBe('dry-run');
    expect(naclCalls()).toEqual([]);
    expect(result.steps.find((step) => step.step === 'deny-in-network-acls')).toMatchObject({
      status: 'planned',
      detail: expect.stringContaining('rule numbers 40-49'),
    });
  });

  it('refuses a range whose start is past its end, naming the variables', async () => {
    process.env.NETWORK_ACL_RULE_FROM = '30';
    process.env.NETWORK_ACL_RULE_TO = '20';
    happyPath(aws.mocks);
    networkAcl([]);
    await expect(quarantine(manual)).rejects.toThrow(/NETWORK_ACL_RULE_FROM and NETWORK_ACL_RULE_TO/);
    expect(naclCalls()).toEqual([]);
  });

  it('touches no network ACL when the setting is off', async () => {
    process.env.NETWORK_ACL_DENY = 'false';
    happyPath(aws.mocks);
    networkAcl([]);
    const [result] = await quarantine(manual);
    expect(naclCalls()).toEqual([]);
    expect(result.steps.find((step) => step.step === 'deny-in-network-acls')).toMatchObject({ status: 'skipped', detail: 'networkAclDeny off in the config' });
  });
});

describe('instance-quarantine-release: network ACL entries', () => {
  const record = earlierQuarantineRecord({
    networkAclEntries: [
      { networkAclId: aclId, ruleNumber: 3, egress: false, cidr: '10.0.0.38/32' },
      { networkAclId: aclId, ruleNumber: 2, egress: true, cidr: '10.0.0.38/32' },
    ],
  });
  const guardDeny = (ruleNumber: number, egress: boolean): AclEntry => ({
    RuleNumber: ruleNumber,
    Egress: egress,
    RuleAction: 'deny',
    Protocol: '-1',
    CidrBlock: '10.0.0.38/32',
  });

  it('deletes exactly the recorded entries and nothing else of the ACL', async () => {
    await aws.table.putRecord(record);
    await aws.table.putApproval(recordedInstanceId);
    happyPath(aws.mocks, { associations: [] });
    // A deny of the same address in another number is not the guard's record: kept.
    const entries = networkAcl([subnetRule(1, false), guardDeny(3, false), guardDeny(2, true), guardDeny(5, false), subnetRule(100, true)]);
    const result = await release({ instanceId: recordedInstanceId });
    expect(result.outcome).toBe('released');
    expect(naclCalls()).toEqual([`DescribeNetworkAcls ${aclId}`, 'DeleteNetworkAclEntry in #3', 'DeleteNetworkAclEntry out #2']);
    expect(entries).toEqual([subnetRule(1, false), guardDeny(5, false), subnetRule(100, true)]);
    expect(aws.mocks.ec2.commandCalls(DeleteNetworkAclEntryCommand).map((call) => call.args[0].input)).toEqual([
      { NetworkAclId: aclId, RuleNumber: 3, Egress: false },
      { NetworkAclId: aclId, RuleNumber: 2, Egress: true },
    ]);
    expect(result.steps.find((step) => step.step === 'remove-network-acl-denies')).toMatchObject({ status: 'done' });
  });

  it('counts an entry already gone as done', async () => {
    await aws.table.putRecord(record);
    await aws.table.putApproval(recordedInstanceId);
    happyPath(aws.mocks, { associations: [] });
    networkAcl([guardDeny(2, true)]);
    const result = await release({ instanceId: recordedInstanceId });
    expect(result.outcome).toBe('released');
    expect(naclCalls()).toEqual([`DescribeNetworkAcls ${aclId}`, 'DeleteNetworkAclEntry out #2']);
    expect(result.steps.find((step) => step.step === 'remove-network-acl-denies')).toMatchObject({
      status: 'done',
      detail: expect.stringContaining(`already gone: ${aclId} inbound #3 10.0.0.38/32`),
    });
  });

  it("does not delete a recorded number that now holds someone else's rule, and keeps the record for another release", async () => {
    await aws.table.putRecord(record);
    await aws.table.putApproval(recordedInstanceId);
    happyPath(aws.mocks, { associations: [] });
    const entries = networkAcl([subnetRule(3, false), guardDeny(2, true)]);
    await expect(release({ instanceId: recordedInstanceId })).rejects.toMatchObject({ name: 'ContainmentIncompleteError' });
    expect(naclCalls()).toEqual([`DescribeNetworkAcls ${aclId}`, 'DeleteNetworkAclEntry out #2']);
    expect(entries).toEqual([subnetRule(3, false)]);
    expect(published().Message).toContain("not the guard's deny; not deleted");
    expect(await aws.table.record(recordedInstanceId)).toBeDefined();
  });
});
