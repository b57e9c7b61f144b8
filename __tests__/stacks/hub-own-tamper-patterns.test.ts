import { eventPatternLimit } from '../../modules/common/tamper-alert';
import { hubOwnTamperRules } from '../../modules/stacks/hub-own-tamper-patterns';
import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';

const hub = { accountId: '111111111111', region: 'eu-west-1' };
const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/0f1e2d3c-aaaa-bbbb-cccc-111122223333';
const rules = hubOwnTamperRules(hub, 'guards', keyArn);

/** A call of the hub account in eu-west-1, shaped from a real CloudTrail record. */
function hubCall(eventSource: string, eventName: string, requestParameters: Record<string, unknown>, errorCode?: string) {
  const record = {
    ...cloudTrailRecord('hub/disable-forwarding-rule.json'),
    eventSource,
    eventName,
    requestParameters,
    awsRegion: hub.region,
    recipientAccountId: hub.accountId,
    ...(errorCode ? { errorCode, errorMessage: 'denied' } : {}),
  };
  const envelope = eventBridgeEnvelope(record);
  // EventBridge names CloudWatch's source aws.cloudwatch (its CloudTrail source is monitoring.amazonaws.com).
  return eventSource === 'monitoring.amazonaws.com' ? { ...envelope, source: 'aws.cloudwatch' } : envelope;
}

const reached = (event: Record<string, unknown>) => rules.filter((rule) => matchesEventPattern(rule.pattern, event)).map((rule) => rule.group);

describe("the hub's own tamper rules (one region, on its default bus)", () => {
  it("fit EventBridge's 2,048 characters with the longest name prefix (32), region and key ARN", () => {
    const longest = hubOwnTamperRules({ accountId: hub.accountId, region: 'ap-southeast-7' }, 'a'.repeat(32), keyArn);
    for (const rule of longest) expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(eventPatternLimit);
  });

  it("alert on the hub functions' configuration, concurrency and code signing, made or refused", () => {
    expect(reached(hubCall('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: 'guards-instance-quarantine' }))).toEqual([
      'functions',
    ]);
    expect(reached(hubCall('lambda.amazonaws.com', 'PutFunctionConcurrency20171031', { functionName: 'guards-instance-quarantine' }))).toEqual(['functions']);
    expect(reached(hubCall('lambda.amazonaws.com', 'PutFunctionCodeSigningConfig20200422', { functionName: 'guards-instance-quarantine' }))).toEqual(['hub']);
    // The functions group's DeleteFunction prefix takes the code signing config's deletion too.
    expect(reached(hubCall('lambda.amazonaws.com', 'DeleteFunctionCodeSigningConfig20200422', { functionName: 'guards-instance-quarantine' }))).toEqual([
      'functions',
      'hub',
    ]);
    expect(
      reached(hubCall('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: 'guards-instance-quarantine' }, 'AccessDenied')),
    ).toEqual(['functions-attempts']);
    expect(reached(hubCall('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', { functionName: 'payments-api' }))).toEqual([]);
  });

  it('alert on the bus permissions, the state table and its resource policy, and the signer profile', () => {
    expect(reached(hubCall('events.amazonaws.com', 'PutPermission', { eventBusName: 'guards-hub', policy: '{}' }))).toEqual(['hub']);
    expect(
      reached(
        hubCall('dynamodb.amazonaws.com', 'PutResourcePolicy', {
          resourceArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/guards-quarantine-state',
          policy: '{}',
        }),
      ),
    ).toEqual(['hub']);
    expect(reached(hubCall('dynamodb.amazonaws.com', 'DeleteTable', { tableName: 'guards-quarantine-state' }))).toEqual(['hub']);
    expect(reached(hubCall('dynamodb.amazonaws.com', 'DeleteTable', { tableName: 'payments-ledger' }))).toEqual([]);
    expect(reached(hubCall('signer.amazonaws.com', 'RevokeSignature', { jobId: 'a1b2' }, 'AccessDenied'))).toEqual(['hub-attempts']);
  });

  it("alert on the rules and targets of both buses, the topic's subscriptions and alarms, by the guards' names", () => {
    expect(reached(hubCall('events.amazonaws.com', 'RemoveTargets', { rule: 'guards-hub-tamper', eventBusName: 'guards-hub', ids: ['x'] }))).toEqual([
      'roles-and-rules',
    ]);
    expect(reached(hubCall('events.amazonaws.com', 'DisableRule', { name: 'guards-hub-own-tamper-functions' }))).toEqual(['roles-and-rules']);
    expect(reached(hubCall('sns.amazonaws.com', 'Subscribe', { topicArn: 'arn:aws:sns:us-east-1:111111111111:guards-alerts', protocol: 'email' }))).toEqual([
      'topic-key-trail',
    ]);
    expect(reached(hubCall('monitoring.amazonaws.com', 'DisableAlarmActions', { alarmNames: ['guards-instance-quarantine-errors'] }))).toEqual([
      'alarms-queues-logs',
    ]);
    expect(reached(hubCall('monitoring.amazonaws.com', 'DisableAlarmActions', { alarmNames: ['payments-latency'] }))).toEqual([]);
  });

  it('watch only the hub account: a member call of the same shape is the member tamper rules', () => {
    const member = { ...hubCall('dynamodb.amazonaws.com', 'DeleteTable', { tableName: 'guards-quarantine-state' }), account: '222222222222' };
    expect(reached(member)).toEqual([]);
  });

  it("alert on the member directory bucket's configuration (management events), made or refused, and on its object writes where a trail records them (data events)", () => {
    const bucketName = 'guards-hub-directory-111111111111-eu-west-1';
    expect(reached(hubCall('s3.amazonaws.com', 'PutBucketPolicy', { bucketName, policy: '' }))).toEqual(['member-directory']);
    expect(reached(hubCall('s3.amazonaws.com', 'PutBucketVersioning', { bucketName, VersioningConfiguration: { Status: 'Suspended' } }))).toEqual([
      'member-directory',
    ]);
    expect(reached(hubCall('s3.amazonaws.com', 'PutBucketEncryption', { bucketName }))).toEqual(['member-directory']);
    expect(reached(hubCall('s3.amazonaws.com', 'DeleteBucketPolicy', { bucketName }, 'AccessDenied'))).toEqual(['member-directory-attempts']);
    // A data event: CloudTrail logs it only for a trail that selects the bucket's data events.
    expect(reached(hubCall('s3.amazonaws.com', 'PutObject', { bucketName, key: 'member-directory.json' }))).toEqual(['member-directory']);
    // Reads alert nothing; another bucket's changes neither.
    expect(reached(hubCall('s3.amazonaws.com', 'GetObject', { bucketName, key: 'member-directory.json' }))).toEqual([]);
    expect(reached(hubCall('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: 'payments-data', policy: '' }))).toEqual([]);
  });
});
