/**
 * The detections' hub path of examples/organization.yaml on the emulator's EventBridge: a member's
 * synthesized forwarding rule of the detections (default bus) and the hub's synthesized detections
 * rules (on a `guards-hub` bus), each with an SQS queue as its target. Every project record
 * EventBridge delivers is put on the member's bus and, as the forwarded copy, on the hub bus: the
 * member rule must forward each record a detection matches, and the hub rules must deliver exactly
 * what the test-only matcher predicts, the rule of each matched detection among them. Needs the
 * handler zips (`npm run build`) for the synth.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { detectionCatalogue, packIntoRules } from '../../handlers/detections/contract';
import { detectionMatches } from '../../handlers/detections/catalogue/event-pattern';
import { eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { emulatorPerSuite } from '../helpers/emulator-handlers';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { drainQueue, placeRuleWithQueue, putEnvelope } from '../helpers/rule-deliveries';
import { resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { deliveredRecords } from '../handlers/detections/records';

jest.setTimeout(600_000);

const server = emulatorPerSuite({ resetAfterEach: false });
const hubBus = 'guards-hub';

const stacks = synthesizeConfigFile('examples/organization.yaml', { accounts: ['security-tooling', 'production'], regions: ['us-east-1'] });
const rulesOf = (stackName: string) =>
  Object.values(resourcesOfType(stacks.find((stack) => stack.name === stackName)!.json, 'aws_cloudwatch_event_rule')).map((rule) => ({
    name: String(rule.name),
    eventPattern: String(rule.event_pattern),
  }));
const memberRule = rulesOf('production-us-east-1').find((rule) => rule.name === 'guards-detections-forward')!;
const hubRules = rulesOf('hub-us-east-1')
  .filter((rule) => /^guards-detections-members-\d+$/.test(rule.name))
  .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));

let events: EventBridgeClient;
let sqs: SQSClient;
let memberQueue: string;
const queueOfHubRule = new Map<string, string>();

beforeAll(async () => {
  Object.assign(process.env, server().clientEnvironment('us-east-1'));
  events = new EventBridgeClient({});
  sqs = new SQSClient({});
  await events.send(new CreateEventBusCommand({ Name: hubBus }));
  memberQueue = await placeRuleWithQueue(events, sqs, memberRule, 'member-detections-forward');
  for (const rule of hubRules)
    queueOfHubRule.set(rule.name, await placeRuleWithQueue(events, sqs, { ...rule, eventBusName: hubBus }, `${rule.name}-deliveries`));
});

it('the hub bus holds one rule per packed group of the home region (every detection is on in the example)', () => {
  expect(hubRules.map((rule) => rule.name)).toEqual(packIntoRules(detectionCatalogue).map((_, index) => `guards-detections-members-${index}`));
});

describe.each(deliveredRecords.map(({ file, record }) => [`${file} ${String(record.eventName)}`, record] as const))('%s', (_label, record) => {
  it('the member rule forwards it when a detection matches it, and the hub rules deliver what the matcher predicts', async () => {
    const envelope = eventBridgeEnvelope({ ...record, awsRegion: 'us-east-1' });
    const matched = detectionCatalogue.filter((detection) => detectionMatches(detection, String(envelope['detail-type']), envelope.detail));
    await putEnvelope(events, envelope);
    const forwarded = (await drainQueue(sqs, memberQueue)).length > 0;
    expect(forwarded).toBe(matchesEventPattern(memberRule.eventPattern, envelope));
    // The member forwards a superset: every call a detection matches, and maybe more.
    expect(forwarded || matched.length === 0).toBe(true);

    await putEnvelope(events, envelope, hubBus);
    const reached: string[] = [];
    for (const [name, queueUrl] of queueOfHubRule) if ((await drainQueue(sqs, queueUrl)).length > 0) reached.push(name);
    expect(reached).toEqual(hubRules.filter((rule) => matchesEventPattern(rule.eventPattern, envelope)).map((rule) => rule.name));
    const packed = packIntoRules(detectionCatalogue);
    expect(reached).toEqual(
      expect.arrayContaining(matched.map((detection) => `guards-detections-members-${packed.findIndex((rule) => rule.includes(detection))}`)),
    );
  });
});
