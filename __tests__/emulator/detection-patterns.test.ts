/**
 * The detections guard's synthesized rules of the standalone example on the emulator's EventBridge:
 * each rule is created on the default bus with an SQS queue as its target, every project record
 * EventBridge delivers (__tests__/fixtures/detections) is put in its envelope, and every queue is
 * read. The emulator's deliveries must be the ones the test-only matcher predicts, which the
 * coverage measure (__tests__/helpers/detection-coverage.ts) relies on; and each detection's own
 * records must reach the rule that holds it. Needs the handler zips (`npm run build`) for the synth.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
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

const [stack] = synthesizeConfigFile('examples/single-account.yaml');
const rules = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_event_rule'))
  .filter((rule) => /^guards-detections-\d+$/.test(String(rule.name)))
  .map((rule) => ({ name: String(rule.name), eventPattern: String(rule.event_pattern) }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));

let events: EventBridgeClient;
let sqs: SQSClient;
const queueOfRule = new Map<string, string>();

beforeAll(async () => {
  Object.assign(process.env, server().clientEnvironment('us-east-1'));
  events = new EventBridgeClient({});
  sqs = new SQSClient({});
  for (const rule of rules) queueOfRule.set(rule.name, await placeRuleWithQueue(events, sqs, rule, `${rule.name}-deliveries`));
});

it('creates one rule per packed group of the catalogue (every detection of us-east-1 is on in the example)', () => {
  expect(rules.map((rule) => rule.name)).toEqual(packIntoRules(detectionCatalogue).map((_, index) => `guards-detections-${index}`));
});

describe.each(deliveredRecords.map(({ file, record }) => [`${file} ${String(record.eventName)}`, record] as const))('%s', (_label, record) => {
  it('reaches exactly the rules the matcher predicts, and the rule of each detection it matches', async () => {
    const envelope = eventBridgeEnvelope(record);
    await putEnvelope(events, envelope);
    const reached: string[] = [];
    for (const [name, queueUrl] of queueOfRule) if ((await drainQueue(sqs, queueUrl)).length > 0) reached.push(name);
    const predicted = rules.filter((rule) => matchesEventPattern(rule.eventPattern, envelope)).map((rule) => rule.name);
    expect(reached).toEqual(predicted);
    const packed = packIntoRules(detectionCatalogue);
    const ofDetections = detectionCatalogue
      .filter((detection) => detectionMatches(detection, String(envelope['detail-type']), record))
      .map((detection) => `guards-detections-${packed.findIndex((rule) => rule.includes(detection))}`);
    expect(reached).toEqual(expect.arrayContaining(ofDetections));
  });
});
