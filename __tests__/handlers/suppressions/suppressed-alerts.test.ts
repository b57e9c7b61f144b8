import '../cloudtrail-alert/test-env';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as alertHandler } from '../../../handlers/cloudtrail-alert';
import { handler as digestHandler } from '../../../handlers/suppression-digest';
import { cloudTrailRecord, eventBridgeEnvelope } from '../../helpers/cloudtrail-envelopes';
import { recordedResponse } from '../../helpers/fixtures';
import { emailView } from '../../helpers/published-alert';

const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);

// The day after and the day before the test runs: a suppression in force, and one that has ended.
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const ciSuppression = {
  guard: 'sg-change-alert',
  principalArn: 'arn:aws:sts::112233445566:assumed-role/TestAdmin/*',
  resourceId: 'sg-04f0b44316f7d2471',
  owner: 'platform-team',
  reason: 'the test admin opens its own test group',
};
const sgChange = () => eventBridgeEnvelope(cloudTrailRecord('authorize-sg-ingress-console.json'));

/** The embedded-metric lines the handler wrote to standard output while `run` ran. */
async function metricLinesOf(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  return lines
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.includes('"CloudWatchMetrics"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeEach(() => {
  sns.reset();
  cloudwatch.reset();
  sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
});

afterEach(() => {
  delete process.env.SUPPRESSIONS;
});

describe('a suppressed alert', () => {
  it('sends nothing, is counted, and appears in the weekly digest with its owner and expiry', async () => {
    const suppression = { ...ciSuppression, expires: dayFromNow(30) };
    process.env.SUPPRESSIONS = JSON.stringify([suppression]);

    const metrics = await metricLinesOf(() => alertHandler(sgChange()));
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(metrics).toHaveLength(1);
    const [line] = metrics;
    expect(line._aws).toMatchObject({
      CloudWatchMetrics: [{ Namespace: 'SecurityGuards/Suppressions', Dimensions: [['Suppression']], Metrics: [{ Name: 'SuppressedAlerts', Unit: 'Count' }] }],
    });
    expect(line).toMatchObject({ SuppressedAlerts: 1, owner: 'platform-team', resourceId: 'sg-04f0b44316f7d2471', accountId: '112233445566' });

    // CloudWatch holds what the line made: the digest's query for this suppression finds that count.
    cloudwatch.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: (input.MetricDataQueries ?? []).map((query) => ({
        Id: query.Id,
        Values: query.MetricStat?.Metric?.Dimensions?.[0]?.Value === line.Suppression ? [Number(line.SuppressedAlerts)] : [],
      })),
    }));
    process.env.POWERTOOLS_SERVICE_NAME = 'suppression-digest';
    try {
      const digest = await digestHandler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
      expect(digest.suppressed).toBe(1);
    } finally {
      process.env.POWERTOOLS_SERVICE_NAME = 'sg-change-alert';
    }
    const query = cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(query.MetricDataQueries?.[0].MetricStat).toMatchObject({ Stat: 'Sum', Period: 7 * 86_400 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const email = emailView(sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(email.Subject).toMatch(/^Suppressed alerts: 1 in the week ending \d{4}-\d{2}-\d{2}$/);
    expect(email.Message).toContain(
      `- 1 x guard sg-change-alert, principal arn:aws:sts::112233445566:assumed-role/TestAdmin/*, resource sg-04f0b44316f7d2471: owner platform-team, expires ${suppression.expires}`,
    );
  });

  it('alerts again once its suppression has expired, counting nothing', async () => {
    process.env.SUPPRESSIONS = JSON.stringify([{ ...ciSuppression, expires: dayFromNow(-1) }]);
    const metrics = await metricLinesOf(() => alertHandler(sgChange()));
    expect(metrics).toEqual([]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(emailView(sns.commandCalls(PublishCommand)[0].args[0].input).Subject).toContain('sg-04f0b44316f7d2471');
  });

  it('alerts for an event the suppression does not name (another caller)', async () => {
    process.env.SUPPRESSIONS = JSON.stringify([{ ...ciSuppression, principalArn: 'arn:aws:sts::112233445566:assumed-role/ci-*', expires: dayFromNow(30) }]);
    await alertHandler(sgChange());
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('refuses a SUPPRESSIONS variable that is not a list of suppressions, naming it', async () => {
    process.env.SUPPRESSIONS = '[{"guard":"sg-change-alert"}]';
    await expect(alertHandler(sgChange())).rejects.toThrow('SUPPRESSIONS environment variable must be a JSON list of suppressions (owner, reason, expires)');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});

describe('suppressions in a hub function', () => {
  it("match the member account the event names: the account's suppression holds its alert back, another account's does not", async () => {
    // The recorded event is account 112233445566's, in us-west-2.
    process.env.SUPPRESSIONS = JSON.stringify([{ ...ciSuppression, accountId: '999999999999', expires: dayFromNow(30) }]);
    expect(await metricLinesOf(() => alertHandler(sgChange()))).toEqual([]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    process.env.SUPPRESSIONS = JSON.stringify([{ ...ciSuppression, accountId: '112233445566', region: 'us-west-2', expires: dayFromNow(30) }]);
    expect(await metricLinesOf(() => alertHandler(sgChange()))).toHaveLength(1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('are counted per hub region and summed in the one digest (DIGEST_METRIC_REGIONS)', async () => {
    process.env.SUPPRESSIONS = JSON.stringify([{ ...ciSuppression, accountId: '112233445566', expires: dayFromNow(30) }]);
    process.env.DIGEST_METRIC_REGIONS = 'us-east-1,eu-west-1';
    const regionsAsked: string[] = [];
    cloudwatch.on(GetMetricDataCommand).callsFake(async (input: GetMetricDataCommandInput, getClient: () => CloudWatchClient) => {
      const region = await getClient().config.region();
      regionsAsked.push(region);
      return { MetricDataResults: (input.MetricDataQueries ?? []).map((query) => ({ Id: query.Id, Values: region === 'eu-west-1' ? [2, 1] : [4] })) };
    });
    process.env.POWERTOOLS_SERVICE_NAME = 'suppression-digest';
    try {
      const digest = await digestHandler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
      expect(digest.suppressed).toBe(7);
    } finally {
      process.env.POWERTOOLS_SERVICE_NAME = 'sg-change-alert';
      delete process.env.DIGEST_METRIC_REGIONS;
    }
    expect(regionsAsked.sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(emailView(sns.commandCalls(PublishCommand)[0].args[0].input).Message).toContain('- 7 x guard sg-change-alert, account 112233445566,');
  });
});
