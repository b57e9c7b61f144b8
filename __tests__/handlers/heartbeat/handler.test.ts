// The function's environment as modules/stacks/hub-heartbeat.ts writes it in a non-home hub region
// (before the handler loads), with the settings' defaults (modules/common/hub-heartbeat-settings.ts).
process.env.AWS_REGION = 'eu-west-1';
process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:guards-alerts';
process.env.POWERTOOLS_SERVICE_NAME = 'heartbeat';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.HEARTBEAT_TABLE_NAME = 'guards-heartbeats';
process.env.MEMBER_HEARTBEAT_RULE_NAME = 'guards-heartbeat';
process.env.HEARTBEAT_CHECK_RULE_NAME = 'guards-hub-heartbeat-check';
process.env.HEARTBEAT_INTERVAL_MINUTES = '60';
process.env.HEARTBEAT_MISSED_BEATS = '3';

import { CreateTableCommand, DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../handlers/heartbeat';
import { fakeClockAt } from '../../helpers/fake-clock';
import { recordedResponse } from '../../helpers/fixtures';
import { MotoServer } from '../../helpers/moto-server';
import { startMotoDataStores } from '../../helpers/moto-data-stores';
import { clearMemberDirectory, writeMemberDirectory } from '../../helpers/member-directory';
import { emailView } from '../../helpers/published-alert';
import { sdkError } from '../../helpers/sdk-errors';

const hubAccount = '111111111111';
const production = '222222222222';
const staging = '333333333333';
const dataPlatform = '444444444444';
const tableName = 'guards-heartbeats';
const start = Date.parse('2026-12-01T00:00:00Z');
const minutes = (count: number) => count * 60_000;

/** A member region's beat as EventBridge delivers it to the hub bus (the Scheduled Event of its rule). */
function beat(accountId: string, at: number, region = 'eu-west-1'): Record<string, unknown> {
  return {
    version: '0',
    id: `beat-${accountId}-${at}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${accountId}:rule/guards-heartbeat`],
    detail: {},
  };
}

/** The hub's own check schedule of the region. */
function check(at: number): Record<string, unknown> {
  return {
    ...beat(hubAccount, at),
    id: `check-${at}`,
    resources: [`arn:aws:events:eu-west-1:${hubAccount}:rule/guards-hub-heartbeat-check`],
  };
}

const sns = mockClient(SNSClient);
let server: MotoServer;
let dynamodb: DynamoDBClient;

const published = () => sns.commandCalls(PublishCommand).map((call) => emailView(call.args[0].input));

/** At `at`: the clock there, then the event. */
async function at(time: number, event: Record<string, unknown>) {
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
  sns.reset();
  sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
  await server.reset();
  // The table as Terraform creates it, and the region's member directory as the hub stack writes it:
  // production and staging have spokes in eu-west-1; data-platform only in eu-south-2.
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }),
  );
  await writeMemberDirectory(
    server,
    { [production]: 'production', [staging]: 'staging', [dataPlatform]: 'data-platform' },
    { heartbeatRegions: { [production]: ['eu-west-1'], [staging]: ['eu-west-1'], [dataPlatform]: ['eu-south-2'] } },
  );
});

afterEach(() => jest.useRealTimers());

async function item(accountId: string) {
  return (await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: `account#${accountId}` } }, ConsistentRead: true }))).Item;
}

/** Both members beat every hour from `from` to `to` (inclusive), the given ones only. */
async function hourlyBeats(accounts: readonly string[], from: number, to: number): Promise<void> {
  for (let time = from; time <= to; time += minutes(60)) for (const accountId of accounts) await at(time + 1000, beat(accountId, time));
}

describe('heartbeat: member regions beat, the hub alerts on silence', () => {
  it('records a beat by the envelope account with a TTL, and never lowers the last beat for a late retry', async () => {
    await expect(at(start, beat(production, start))).resolves.toEqual({ kind: 'beat', accountId: production, recorded: true });
    const first = await item(production);
    expect(first?.lastBeatAt).toEqual({ N: String(start) });
    // 30 days after the beat, in epoch seconds (DynamoDB's TTL unit).
    expect(first?.expiresAt).toEqual({ N: String((start + 30 * 86_400_000) / 1000) });
    await expect(at(start + minutes(60), beat(production, start - minutes(60)))).resolves.toEqual({ kind: 'beat', accountId: production, recorded: false });
    expect((await item(production))?.lastBeatAt).toEqual({ N: String(start) });
  });

  it('does not alert while the beats arrive', async () => {
    await hourlyBeats([production, staging], start, start + minutes(600));
    for (let time = start + minutes(30); time <= start + minutes(600); time += minutes(60)) {
      const result = await at(time, check(time));
      expect(result).toMatchObject({ kind: 'check', silent: [], recovered: [] });
    }
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('alerts once, naming the silent account and region, when a member misses three beats; again when it beats', async () => {
    await hourlyBeats([production, staging], start, start + minutes(120));
    // production stops beating after 02:00; staging goes on.
    await hourlyBeats([staging], start + minutes(180), start + minutes(480));
    // 04:30 and 05:00: two and a half, three beats missed: not yet (a late beat is not silence).
    await at(start + minutes(270), check(start + minutes(270)));
    await at(start + minutes(300), check(start + minutes(300)));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    // 05:30: more than three intervals since the 02:00 beat.
    await expect(at(start + minutes(330), check(start + minutes(330)))).resolves.toMatchObject({ silent: [production], recovered: [] });
    expect(published()).toHaveLength(1);
    const alert = published()[0];
    expect(alert.TopicArn).toBe('arn:aws:sns:us-east-1:111111111111:guards-alerts');
    expect(alert.Subject).toBe('[HEARTBEAT MISSING] 1 member account silent in eu-west-1');
    expect(alert.Message).toContain('222222222222 (production) in eu-west-1: last beat 2026-12-01 02:00:00 UTC');
    expect(alert.Message).not.toContain(staging);
    expect(alert.Message).toContain('Sent by the heartbeat guard.');
    // Still silent at the next checks: no second alert.
    await at(start + minutes(390), check(start + minutes(390)));
    await at(start + minutes(450), check(start + minutes(450)));
    expect(published()).toHaveLength(1);

    // production beats again at 08:00: one recovery alert at the next check, then nothing.
    await at(start + minutes(480) + 1000, beat(production, start + minutes(480)));
    await expect(at(start + minutes(510), check(start + minutes(510)))).resolves.toMatchObject({ silent: [], recovered: [production] });
    expect(published()).toHaveLength(2);
    expect(published()[1].Subject).toBe('[HEARTBEAT BACK] 1 member account beating again in eu-west-1');
    expect(published()[1].Message).toContain(
      '222222222222 (production) in eu-west-1: beat at 2026-12-01 08:00:00 UTC, reported silent at 2026-12-01 05:30:00 UTC',
    );
    await at(start + minutes(570), check(start + minutes(570)));
    expect(published()).toHaveLength(2);
    expect((await item(production))?.silentReportedAt).toBeUndefined();
  });

  it('lists every silent account in one message', async () => {
    await hourlyBeats([production, staging], start, start);
    await expect(at(start + minutes(200), check(start + minutes(200)))).resolves.toMatchObject({ silent: [production, staging] });
    expect(published()).toHaveLength(1);
    expect(published()[0].Subject).toBe('[HEARTBEAT MISSING] 2 member accounts silent in eu-west-1');
    expect(published()[0].Message).toContain('222222222222 (production) in eu-west-1');
    expect(published()[0].Message).toContain('333333333333 (staging) in eu-west-1');
  });

  it('alerts on a served member that never beats, counted from the first check that looked for it', async () => {
    await hourlyBeats([staging], start, start + minutes(300));
    // The first check finds no item for production: it starts watching, no alert (a new member deploys after the hub).
    await expect(at(start + minutes(10), check(start + minutes(10)))).resolves.toMatchObject({ silent: [], watched: 1 });
    expect(published()).toHaveLength(0);
    await at(start + minutes(190), check(start + minutes(190)));
    expect(published()).toHaveLength(0);
    await expect(at(start + minutes(200), check(start + minutes(200)))).resolves.toMatchObject({ silent: [production] });
    expect(published()[0].Message).toContain('222222222222 (production) in eu-west-1: no beat since the hub began watching at 2026-12-01 00:10:00 UTC');
  });

  it('watches only the accounts the directory lists for its region, and ignores beats of others (a removed member) in its check', async () => {
    await hourlyBeats([production, staging, '555555555555'], start, start + minutes(60));
    await hourlyBeats([production, staging], start + minutes(120), start + minutes(300));
    await expect(at(start + minutes(300), check(start + minutes(300)))).resolves.toMatchObject({ silent: [], recovered: [], watched: 0 });
    expect(published()).toHaveLength(0);
  });

  it('refuses a beat that names another account than its envelope, or comes from another region, recording nothing', async () => {
    const forged = { ...beat(production, start), resources: [`arn:aws:events:eu-west-1:${staging}:rule/guards-heartbeat`] };
    await expect(at(start, forged)).rejects.toThrow(
      /event\.resources: "arn:aws:events:eu-west-1:333333333333:rule\/guards-heartbeat" is not a rule of account 222222222222 in eu-west-1/,
    );
    await expect(at(start, beat(production, start, 'us-east-1'))).rejects.toThrow(/event\.region: us-east-1 beat to the hub bus of eu-west-1/);
    await expect(at(start, { ...beat(production, start), source: 'guards.heartbeat' })).rejects.toThrow(
      /event\.source: "guards\.heartbeat" is not "aws\.events"/,
    );
    const items = await dynamodb.send(new ScanCommand({ TableName: tableName }));
    expect(items.Items).toEqual([]);
  });

  it('fails the check, naming the variable, without the member directory, and acts on nothing', async () => {
    await hourlyBeats([production, staging], start, start);
    clearMemberDirectory();
    await expect(at(start + minutes(200), check(start + minutes(200)))).rejects.toThrow(/MEMBER_DIRECTORY_BUCKET environment variable is not set/);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect((await item(production))?.silentReportedAt).toBeUndefined();
  });

  it('fails the check unmarked when the alert cannot be published, so the retry alerts', async () => {
    await hourlyBeats([production, staging], start, start);
    sns.on(PublishCommand).rejects(sdkError('sns', 'KMSAccessDeniedException', 'key access denied'));
    await expect(at(start + minutes(200), check(start + minutes(200)))).rejects.toThrow('key access denied');
    expect((await item(production))?.silentReportedAt).toBeUndefined();
    sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
    await expect(at(start + minutes(201), check(start + minutes(201)))).resolves.toMatchObject({ silent: [production, staging] });
  });
});
