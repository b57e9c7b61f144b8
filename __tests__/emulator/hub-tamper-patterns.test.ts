/**
 * Hub mode's tamper path on the emulator's EventBridge: the synthesized rules of
 * examples/organization.yaml are created as they would stand, each with an SQS queue as its
 * target (the emulator cannot deliver to another account's bus): a member's rules (home region
 * us-east-1 and eu-west-1) on the default bus of their region, and the rules of the hub stack of
 * the same region on its bus `guards-hub` (the home hub region and a non-home one: each alerts
 * by itself, one hop). Real-shaped CloudTrail records of tampering with a member's guard
 * resources, and of the same calls on unrelated resources, are put on the member bus of their
 * region and then on the hub bus of that region: the emulator, not this project, judges which
 * rule each reaches. Tamper rules split over numbered rules (`-2`) are reported by their base name. Needs the
 * handler zips (`npm run build`) for the synth.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { cloudTrailRecord, eventBridgeEnvelope, JsonRecord } from '../helpers/cloudtrail-envelopes';
import { emulatorPerSuite } from '../helpers/emulator-handlers';
import { drainQueue, placeRuleWithQueue, putEnvelope } from '../helpers/rule-deliveries';
import { resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

jest.setTimeout(300_000);

// Not reset between tests: they share the rules and queues, and each reads every queue empty.
const server = emulatorPerSuite({ resetAfterEach: false });

const hubBusName = 'guards-hub';
const memberStacks = { 'us-east-1': 'production-us-east-1', 'eu-west-1': 'production-eu-west-1' } as const;
type MemberRegion = keyof typeof memberStacks;

interface PlacedRule {
  readonly where: string;
  readonly name: string;
  readonly queueUrl: string;
  readonly region: string;
}

const record = (name: string, changes: JsonRecord = {}): JsonRecord => ({ ...cloudTrailRecord(name), ...changes });
const inRegion = (region: MemberRegion, changes: JsonRecord = {}) => ({ awsRegion: region, ...changes });

/**
 * Each record, the member region it happens in, and the rules it must reach: `member` on the
 * member's default bus, `hub` on the hub bus (what the member's rule delivered there).
 */
const cases: readonly { label: string; region: MemberRegion; event: () => JsonRecord; member: string[]; hub: string[] }[] = [
  {
    label: 'CreatePolicyVersion on the revocation deny (set as default)',
    region: 'us-east-1',
    event: () => record('hub/create-policy-version-on-deny.json'),
    // The IAM change alert's route takes CreatePolicyVersion too: it alerts as an IAM change as well.
    member: ['guards-tamper-to-hub', 'guards-forward-to-hub'],
    hub: ['guards-hub-tamper', 'guards-iam-change-alert-members'],
  },
  ...['SetDefaultPolicyVersion', 'DeletePolicyVersion', 'DeletePolicy'].map((eventName) => ({
    label: `${eventName} on the region deny`,
    region: 'us-east-1' as const,
    event: () =>
      record('hub/create-policy-version-on-deny.json', {
        eventName,
        requestParameters: { policyArn: 'arn:aws:iam::222222222222:policy/guards-region-lockdown-us-east-1', versionId: 'v1' },
      }),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  })),
  {
    label: 'CreatePolicyVersion on an unrelated policy',
    region: 'us-east-1',
    event: () =>
      record('hub/create-policy-version-on-deny.json', {
        requestParameters: { policyArn: 'arn:aws:iam::222222222222:policy/team-guards-readonly', policyDocument: '{}', setAsDefault: true },
      }),
    member: ['guards-forward-to-hub'],
    hub: ['guards-iam-change-alert-members'],
  },
  ...['DetachRolePolicy', 'DeleteRole', 'PutRolePolicy', 'UpdateAssumeRolePolicy'].map((eventName) => ({
    label: `${eventName} on the quarantine's remediation role`,
    region: 'us-east-1' as const,
    event: () => record('hub/put-policy-on-remediation-role.json', { eventName }),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  })),
  {
    label: 'PutRolePolicy on an unrelated role',
    region: 'us-east-1',
    event: () => record('hub/put-policy-on-remediation-role.json', { requestParameters: { roleName: 'payments-api', policyName: 'x', policyDocument: '{}' } }),
    member: [],
    hub: [],
  },
  ...['DisableRule', 'DeleteRule', 'PutRule'].map((eventName) => ({
    label: `${eventName} on the forwarding rule (eu-west-1)`,
    region: 'eu-west-1' as const,
    event: () => record('hub/disable-forwarding-rule.json', { eventName }),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  })),
  {
    label: 'RemoveTargets from the forwarding rule',
    region: 'eu-west-1',
    event: () => record('hub/remove-forwarding-target.json'),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  },
  {
    label: 'DeleteRule of the tamper rule: reported by the forwarding rule',
    region: 'eu-west-1',
    event: () => record('hub/disable-forwarding-rule.json', { eventName: 'DeleteRule', requestParameters: { name: 'guards-tamper-to-hub' } }),
    member: ['guards-forward-to-hub', 'guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  },
  {
    label: "DisableRule of region-lockdown's reconcile schedule (home region)",
    region: 'us-east-1',
    event: () => record('hub/disable-forwarding-rule.json', inRegion('us-east-1', { requestParameters: { name: 'guards-region-lockdown-reconcile' } })),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  },
  { label: 'DisableRule of an unrelated rule', region: 'eu-west-1', event: () => record('hub/disable-other-rule.json'), member: [], hub: [] },
  {
    label: 'StopLogging of the organization trail from a member (refused, still an alert)',
    region: 'eu-west-1',
    event: () => record('hub/stop-organization-trail.json'),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  },
  ...['DeleteTrail', 'UpdateTrail'].map((eventName) => ({
    label: `${eventName} of a member trail`,
    region: 'eu-west-1' as const,
    event: () =>
      record('hub/stop-organization-trail.json', { eventName, requestParameters: { name: 'account-trail' }, errorCode: undefined, errorMessage: undefined }),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  })),
  {
    label: "DeleteConfigRule of the member's copy of the guards' organization rule",
    region: 'eu-west-1',
    event: () => record('hub/delete-organization-config-rule.json'),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  },
  {
    label: 'DeleteConfigRule of an unrelated rule',
    region: 'eu-west-1',
    event: () => record('hub/delete-organization-config-rule.json', { requestParameters: { configRuleName: 'OrgConfigRule-s3-bucket-versioning-x1y2' } }),
    member: [],
    hub: [],
  },
  {
    label: 'StopConfigurationRecorder',
    region: 'eu-west-1',
    event: () => record('hub/stop-configuration-recorder.json'),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  },
  ...(['eu-west-1', 'us-east-1'] as const).map((region) => ({
    label: `DisableAlarmActions on a quarantine alarm (${region}: a silencing call of the shared list)`,
    region,
    event: () =>
      record('hub/disable-forwarding-rule.json', {
        awsRegion: region,
        eventSource: 'monitoring.amazonaws.com',
        eventName: 'DisableAlarmActions',
        requestParameters: { alarmNames: ['guards-quarantine-i-0123456789abcdef0'] },
      }),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  })),
  {
    label: 'DeleteAlarms of an unrelated alarm',
    region: 'eu-west-1',
    event: () =>
      record('hub/disable-forwarding-rule.json', {
        eventSource: 'monitoring.amazonaws.com',
        eventName: 'DeleteAlarms',
        requestParameters: { alarmNames: ['payments-latency'] },
      }),
    member: [],
    hub: [],
  },
  {
    label: "PurgeQueue of a queue with the guards' prefix (eu-west-1)",
    region: 'eu-west-1',
    event: () =>
      record('hub/disable-forwarding-rule.json', {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'PurgeQueue',
        requestParameters: { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/222222222222/guards-instance-quarantine-failures' },
      }),
    member: ['guards-tamper-to-hub'],
    hub: ['guards-hub-tamper'],
  },
];

/** A split set's numbered rules (`guards-hub-tamper-2`) by their base name: which of the set holds a call is packing, not behaviour. */
const baseName = (name: string) => name.replace(/^(guards-hub-tamper|guards-tamper-to-hub)-\d+$/, '$1');

let sqs: Map<string, SQSClient>;
let placed: PlacedRule[];

async function placeRule(
  events: EventBridgeClient,
  region: string,
  where: string,
  name: string,
  eventPattern: string,
  eventBusName?: string,
): Promise<PlacedRule> {
  const queueUrl = await placeRuleWithQueue(events, sqs.get(region)!, { name, eventPattern, eventBusName }, `${where}-${name}`);
  return { where, name, queueUrl, region };
}

const eventBridge = (region: string) => new EventBridgeClient({ region });

beforeAll(async () => {
  Object.assign(process.env, server().clientEnvironment('us-east-1'));
  sqs = new Map(['us-east-1', 'eu-west-1'].map((region) => [region, new SQSClient({ region })]));
  const stacks = synthesizeConfigFile('examples/organization.yaml');
  const rulesOf = (stackName: string) =>
    Object.values(resourcesOfType(stacks.find((stack) => stack.name === stackName)!.json, 'aws_cloudwatch_event_rule')).filter(
      // The detections' member and hub rules are judged over every detection record by detection-patterns-hub.test.ts.
      (rule) => typeof rule.event_pattern === 'string' && !/-detections-(forward|members-\d+)$/.test(String(rule.name)),
    );
  placed = [];
  for (const [region, stackName] of Object.entries(memberStacks)) {
    for (const rule of rulesOf(stackName))
      placed.push(await placeRule(eventBridge(region), region, `member-${region}`, String(rule.name), String(rule.event_pattern)));
  }
  for (const region of Object.keys(memberStacks)) {
    const hubEvents = eventBridge(region);
    await hubEvents.send(new CreateEventBusCommand({ Name: hubBusName }));
    // The hub's rules on its bus (the member routes and the tamper rules); the others are on the default bus.
    for (const rule of rulesOf(`hub-${region}`).filter((candidate) => candidate.event_bus_name !== undefined)) {
      placed.push(await placeRule(hubEvents, region, `hub-${region}`, String(rule.name), String(rule.event_pattern), hubBusName));
    }
  }
});

/** The rules (of `where`) whose queue received something since the last read; empties every queue. */
async function rulesReached(): Promise<Map<string, JsonRecord[]>> {
  const reached = new Map<string, JsonRecord[]>();
  for (const rule of placed) {
    const delivered = await drainQueue(sqs.get(rule.region)!, rule.queueUrl);
    if (delivered.length > 0) reached.set(`${rule.where} ${baseName(rule.name)}`, delivered);
  }
  return reached;
}

async function put(region: string, envelope: JsonRecord, eventBusName?: string): Promise<void> {
  await putEnvelope(eventBridge(region), envelope, eventBusName);
}

it('creates the member and hub rules it judges', () => {
  expect(placed.map((rule) => `${rule.where} ${rule.name}`).sort()).toEqual([
    'hub-eu-west-1 guards-hub-heartbeats',
    'hub-eu-west-1 guards-hub-tamper',
    'hub-eu-west-1 guards-hub-tamper-2',
    'hub-eu-west-1 guards-instance-quarantine-members',
    'hub-eu-west-1 guards-sg-change-alert-members',
    'hub-us-east-1 guards-hub-heartbeats',
    'hub-us-east-1 guards-hub-tamper',
    'hub-us-east-1 guards-hub-tamper-2',
    'hub-us-east-1 guards-iam-change-alert-members',
    'hub-us-east-1 guards-instance-quarantine-members',
    'hub-us-east-1 guards-region-lockdown-members',
    'hub-us-east-1 guards-sg-change-alert-members',
    'member-eu-west-1 guards-forward-to-hub',
    'member-eu-west-1 guards-tamper-to-hub',
    'member-eu-west-1 guards-tamper-to-hub-2',
    'member-us-east-1 guards-forward-to-hub',
    'member-us-east-1 guards-region-lockdown-forward',
    'member-us-east-1 guards-tamper-to-hub',
    'member-us-east-1 guards-tamper-to-hub-2',
  ]);
});

it("delivers a member region's heartbeat on the hub bus to the hub's heartbeat rule only; region-lockdown's tick goes elsewhere", async () => {
  // The Scheduled Event of the member's guards-heartbeat rule as it arrives on the hub bus of its region.
  const beat = (ruleName: string): JsonRecord => ({
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    time: '2026-12-01T10:00:00Z',
    resources: [`arn:aws:events:eu-west-1:222222222222:rule/${ruleName}`],
    detail: {},
  });
  await put('eu-west-1', beat('guards-heartbeat'), hubBusName);
  expect([...(await rulesReached()).keys()]).toEqual(['hub-eu-west-1 guards-hub-heartbeats']);
  await put('eu-west-1', beat('guards-region-lockdown-reconcile'), hubBusName);
  expect([...(await rulesReached()).keys()]).not.toContain('hub-eu-west-1 guards-hub-heartbeats');
});

describe.each(cases)('$label', ({ region, event, member, hub }) => {
  it(`reaches in the member: ${member.join(', ') || 'no rule'}; at the hub: ${hub.join(', ') || 'no rule'}`, async () => {
    const detail = event();
    // EventBridge names CloudWatch's source aws.cloudwatch (its CloudTrail source is monitoring.amazonaws.com).
    const envelope: JsonRecord = eventBridgeEnvelope(detail);
    if (detail.eventSource === 'monitoring.amazonaws.com') envelope.source = 'aws.cloudwatch';
    await put(region, envelope);
    const inMember = await rulesReached();
    expect([...inMember.keys()].sort()).toEqual(member.map((name) => `member-${region} ${name}`).sort());
    for (const delivered of inMember.values()) expect(delivered).toEqual([expect.objectContaining({ source: envelope.source, detail: envelope.detail })]);
    // The hub stack of the member's region alerts it (no hop to another region's bus).
    await put(region, envelope, hubBusName);
    const atHub = await rulesReached();
    expect([...atHub.keys()].sort()).toEqual(hub.map((name) => `hub-${region} ${name}`).sort());
  });
});
