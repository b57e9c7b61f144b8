// The hub's tamper-alert function in a non-home hub region, as hub-stack.ts writes its environment
// (before the handler loads): the home region's topic, the account names, the region's failed-call table.
process.env.AWS_REGION = 'eu-west-1';
process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:guards-alerts';
process.env.POWERTOOLS_SERVICE_NAME = 'hub-tamper-alert';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.FAILED_CALL_TABLE_NAME = 'guards-failed-calls';

import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../handlers/cloudtrail-alert';
import { cloudTrailRecord, eventBridgeEnvelope, JsonRecord } from '../../helpers/cloudtrail-envelopes';
import { fakeClockAt } from '../../helpers/fake-clock';
import { recordedResponse } from '../../helpers/fixtures';
import { MotoServer } from '../../helpers/moto-server';
import { startMotoDataStores } from '../../helpers/moto-data-stores';
import { writeMemberDirectory } from '../../helpers/member-directory';
import { emailView } from '../../helpers/published-alert';
import { sdkError } from '../../helpers/sdk-errors';

const tableName = 'guards-failed-calls';
// A window start (windows are 15 minutes: handlers/cloudtrail-alert/contract.ts).
const start = Date.parse('2026-12-01T10:00:00Z');
const seconds = (count: number) => count * 1000;
const minutes = (count: number) => count * 60_000;
const intruder = 'arn:aws:sts::222222222222:assumed-role/developer/mallory';

const sns = mockClient(SNSClient);
let server: MotoServer;
let dynamodb: DynamoDBClient;

const published = () => sns.commandCalls(PublishCommand).map((call) => emailView(call.args[0].input));

/** A refused StopLogging (or `eventName`) by `caller` in `accountId`; `succeeded`: the same call, without an errorCode. */
function call(options: { caller?: string; accountId?: string; eventName?: string; id: string; succeeded?: boolean }): JsonRecord {
  const record = cloudTrailRecord('hub/stop-organization-trail.json');
  const userIdentity = { ...(record.userIdentity as JsonRecord), arn: options.caller ?? intruder };
  const detail: JsonRecord = {
    ...record,
    userIdentity,
    eventID: options.id,
    eventName: options.eventName ?? 'StopLogging',
    recipientAccountId: options.accountId ?? '222222222222',
  };
  if (options.succeeded) {
    delete detail.errorCode;
    delete detail.errorMessage;
  }
  return eventBridgeEnvelope(detail);
}

async function at(time: number, event: JsonRecord) {
  fakeClockAt(time);
  return handler(event);
}

beforeAll(async () => {
  ({ server, dynamodb } = await startMotoDataStores('eu-west-1'));
});

afterAll(() => {
  dynamodb.destroy();
  server.stop();
});

beforeEach(async () => {
  jest.useRealTimers();
  process.env.FAILED_CALL_TABLE_NAME = tableName;
  sns.reset();
  sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
  await server.reset();
  // The hub's member directory names the accounts in the alerts.
  await writeMemberDirectory(server, { '111111111111': 'security-tooling', '222222222222': 'production', '333333333333': 'staging' });
  // The table as modules/stacks/hub-failed-call-table.ts creates it.
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }),
  );
});

afterEach(() => jest.useRealTimers());

describe('cloudtrail-alert: a flood of failed calls becomes one alert and one digest', () => {
  it('alerts the first of 100 failed calls in a window at once, and the other 99 as one digest with the next window’s first call', async () => {
    const names = ['StopLogging', 'DeleteTrail', 'PutEventSelectors'];
    for (let index = 0; index < 100; index++) {
      await at(start + seconds(5 * index), call({ id: `flood-${index}`, eventName: names[index % names.length] }));
    }
    expect(published()).toHaveLength(1);
    expect(published()[0].Subject).toMatch(/^\[GUARD TAMPERING\]\[FAILED\] StopLogging in 222222222222 eu-west-1 by /);

    await at(start + minutes(40), call({ id: 'next-window' }));
    const [, digest, next] = published();
    expect(published()).toHaveLength(3);
    expect(digest.Subject).toMatch(/^\[GUARD TAMPERING\]\[FAILED\]\[DIGEST\] 99 more failed calls in 222222222222/);
    expect(digest.Message).toContain(
      `99 more failed calls by ${intruder} in 222222222222 (production) between 2026-12-01 10:00:05 UTC and 2026-12-01 10:08:15 UTC: DeleteTrail, PutEventSelectors, StopLogging.`,
    );
    // The digest goes on the tamper alerts' priority path, as one message, then the new window's first call.
    expect(next.Subject).toMatch(/^\[GUARD TAMPERING\]\[FAILED\] StopLogging in 222222222222/);
    expect(next.Message).toContain('next-window');
  });

  it('counts two callers of one account apart', async () => {
    const other = 'arn:aws:sts::222222222222:assumed-role/developer/trudy';
    for (let index = 0; index < 3; index++) {
      await at(start + seconds(index), call({ id: `m-${index}` }));
      await at(start + seconds(index), call({ id: `t-${index}`, caller: other }));
    }
    expect(published()).toHaveLength(2);
    await at(start + minutes(15), call({ id: 'm-next' }));
    await at(start + minutes(15), call({ id: 't-next', caller: other }));
    const digests = published().filter((alert) => alert.Subject?.includes('[DIGEST]'));
    expect(digests.map((alert) => alert.Message.match(/2 more failed calls by (\S+) in/)?.[1])).toEqual([intruder, other]);
  });

  it('counts the same caller name in two accounts apart', async () => {
    for (let index = 0; index < 4; index++) {
      await at(start + seconds(index), call({ id: `p-${index}` }));
      await at(start + seconds(index), call({ id: `s-${index}`, accountId: '333333333333' }));
    }
    expect(published().map((alert) => alert.Subject)).toEqual([
      expect.stringMatching(/StopLogging in 222222222222 /),
      expect.stringMatching(/StopLogging in 333333333333 /),
    ]);
    await at(start + minutes(20), call({ id: 's-next', accountId: '333333333333' }));
    const digest = published()[2];
    expect(digest.Message).toContain(`3 more failed calls by ${intruder} in 333333333333 (staging)`);
    expect(published()).toHaveLength(4);
  });

  it('alerts every successful change, however many failed calls its caller made', async () => {
    await at(start, call({ id: 'refused' }));
    await at(start + seconds(1), call({ id: 'refused-again' }));
    for (let index = 0; index < 3; index++) await at(start + seconds(2 + index), call({ id: `done-${index}`, succeeded: true }));
    const subjects = published().map((alert) => alert.Subject);
    expect(subjects).toHaveLength(4);
    expect(subjects.slice(1)).toEqual(Array(3).fill(expect.stringMatching(/^\[GUARD TAMPERING\] StopLogging in 222222222222 /)));
  });

  it('alerts every failed call when the table fails (fail open): nothing is dropped', async () => {
    // A table the function cannot reach: DynamoDB's own ResourceNotFoundException (the SDK's error, from the emulator).
    process.env.FAILED_CALL_TABLE_NAME = 'guards-failed-calls-missing';
    for (let index = 0; index < 3; index++) await at(start + seconds(index), call({ id: `fault-${index}` }));
    expect(published()).toHaveLength(3);
    expect(published().every((alert) => /^\[GUARD TAMPERING\]\[FAILED\] StopLogging/.test(alert.Subject ?? ''))).toBe(true);
  });

  it('alerts the first call again when its publish failed, so that Lambda’s retry is not counted away', async () => {
    sns.on(PublishCommand).rejects(sdkError('sns', 'ThrottledException', 'rate exceeded'));
    await expect(at(start, call({ id: 'retried' }))).rejects.toThrow('rate exceeded');
    sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
    await at(start + seconds(1), call({ id: 'retried' }));
    expect(published().map((alert) => alert.Message.includes('retried'))).toEqual([true, true]);
  });
});
