/**
 * The hub account's service control policy, simulated by an IAM policy evaluator as the hub's SCP:
 * a hub principal with ordinary write rights (PowerUser) cannot change what the hub runs or whom
 * it alerts; the deployer and the guard roles can.
 */
import { Testing } from 'cdktf';
import { HubProtectionServiceControlPolicy, hubProtectionPolicy, hubProtectionPolicyJson } from '../../modules/common/hub-protection-policy';
import { resourcesOf } from '../helpers/guard-scope';
import { PolicyDocument, policyProblems } from '../helpers/iam-policy-checks';
import { decideUnderScp } from '../helpers/scp-simulation';

const hubAccount = '111111111111';
const region = 'eu-west-1';
const policy = hubProtectionPolicy({ namePrefix: 'guards', exemptPrincipalArns: ['arn:aws:iam::*:role/guards-deployer'] });
const powerUser = `arn:aws:iam::${hubAccount}:role/PowerUser`;
const deployer = `arn:aws:iam::${hubAccount}:role/guards-deployer`;
const hubQuarantineRole = `arn:aws:iam::${hubAccount}:role/guards-instance-quarantine-eu-west-1`;
const decide = (principal: string, action: string, resource: string, context: Record<string, string | string[]> = {}) =>
  decideUnderScp({ name: 'guards-hub-protection', policy }, hubAccount, { principal, action, resource, context });

const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${hubAccount}:${resource}`;
const hubFunction = arn('lambda', 'function:guards-instance-quarantine');
const memberDirectoryBucket = `arn:aws:s3:::guards-hub-directory-${hubAccount}-${region}`;

/** Each change to a hub resource, as the PowerUser would make it. */
const hubChanges: [string, string][] = [
  ['lambda:UpdateFunctionCode', hubFunction],
  ['lambda:UpdateFunctionConfiguration', hubFunction],
  ['lambda:PutFunctionEventInvokeConfig', hubFunction],
  ['lambda:PutFunctionConcurrency', hubFunction],
  ['lambda:DeleteFunctionConcurrency', hubFunction],
  ['lambda:AddPermission', hubFunction],
  ['events:PutTargets', arn('events', 'rule/guards-hub/guards-instance-quarantine-members')],
  ['events:DisableRule', arn('events', 'rule/guards-hub-alarms-to-home')],
  ['events:PutPermission', '*'],
  ['events:RemovePermission', '*'],
  ['events:DeleteEventBus', arn('events', 'event-bus/guards-hub')],
  ['sns:Subscribe', `arn:aws:sns:us-east-1:${hubAccount}:guards-alerts`],
  ['sns:SetSubscriptionAttributes', '*'],
  ['sns:Unsubscribe', '*'],
  ['dynamodb:PutResourcePolicy', arn('dynamodb', 'table/guards-instance-quarantine-state')],
  ['dynamodb:DeleteTable', arn('dynamodb', 'table/guards-instance-quarantine-state')],
  ['signer:StartSigningJob', arn('signer', '/signing-profiles/guards_handlers_20261204')],
  ['signer:RevokeSignature', '*'],
  ['signer:CancelSigningProfile', arn('signer', '/signing-profiles/guards_handlers_20261204')],
  ['sqs:PurgeQueue', arn('sqs', 'guards-instance-quarantine-failures')],
  ['cloudwatch:SetAlarmState', arn('cloudwatch', 'alarm:guards-instance-quarantine-errors')],
  ['cloudwatch:DisableAlarmActions', arn('cloudwatch', 'alarm:guards-instance-quarantine-errors')],
  ['iam:PutRolePolicy', `arn:aws:iam::${hubAccount}:role/guards-instance-quarantine-eu-west-1`],
  // The member directory: which accounts the hub serves.
  ['s3:PutObject', `${memberDirectoryBucket}/member-directory.json`],
  ['s3:DeleteObjectVersion', `${memberDirectoryBucket}/member-directory.json`],
  ['s3:PutBucketPolicy', memberDirectoryBucket],
  ['s3:DeleteBucketPolicy', memberDirectoryBucket],
  ['s3:PutBucketVersioning', memberDirectoryBucket],
  ['s3:PutLifecycleConfiguration', memberDirectoryBucket],
  ['s3:DeleteBucket', memberDirectoryBucket],
];

describe("the hub account's service control policy", () => {
  it("denies a hub PowerUser every change to the hub's functions, rules, buses, topic, table, signer profile, member directory, queues and alarms", async () => {
    for (const [action, resource] of hubChanges) {
      expect([action, resource, await decide(powerUser, action, resource)]).toEqual([action, resource, 'ExplicitlyDenied']);
    }
  });

  it('lets the deployer make each of them, and the guard roles act', async () => {
    for (const [action, resource] of hubChanges) {
      expect([action, await decide(deployer, action, resource)]).toEqual([action, 'Allowed']);
    }
    expect(await decide(hubQuarantineRole, 'sns:Publish', `arn:aws:sns:us-east-1:${hubAccount}:guards-alerts`)).toBe('Allowed');
  });

  it("denies the hub key's changes, named by its alias, GuardDuty filters and replays, and metric data in the quarantine's namespace", async () => {
    const key = arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(await decide(powerUser, 'kms:PutKeyPolicy', key, { 'kms:ResourceAliases': ['alias/guards'] })).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'kms:PutKeyPolicy', key, { 'kms:ResourceAliases': ['alias/payments'] })).toBe('Allowed');
    expect(await decide(powerUser, 'guardduty:CreateFilter', arn('guardduty', 'detector/12abc34d567e8fa901bc2d34e56789f0/filter/hide'))).toBe(
      'ExplicitlyDenied',
    );
    expect(await decide(powerUser, 'events:StartReplay', arn('events', 'replay/again'))).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'SecurityGuards/InstanceQuarantine' })).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'config:PutOrganizationConfigRule', '*')).toBe('ExplicitlyDenied');
  });

  it("leaves the hub's other resources alone", async () => {
    expect(await decide(powerUser, 'lambda:UpdateFunctionCode', arn('lambda', 'function:payments-api'))).toBe('Allowed');
    expect(await decide(powerUser, 'events:PutTargets', arn('events', 'rule/payments-nightly'))).toBe('Allowed');
    expect(await decide(powerUser, 'cloudwatch:SetAlarmState', arn('cloudwatch', 'alarm:payments-latency'))).toBe('Allowed');
    // Items of the state table stay governed by its resource policy (the release approvers write approvals).
    expect(await decide(powerUser, 'dynamodb:PutItem', arn('dynamodb', 'table/guards-instance-quarantine-state'))).toBe('Allowed');
    expect(await decide(powerUser, 's3:PutObject', 'arn:aws:s3:::payments-data/report.json')).toBe('Allowed');
    // Reading the directory is not a change.
    expect(await decide(powerUser, 's3:GetObject', `${memberDirectoryBucket}/member-directory.json`)).toBe('Allowed');
  });

  it('names only real actions, operators and condition keys, and fits the 5,120 characters of an SCP', async () => {
    expect(await policyProblems(policy as unknown as PolicyDocument)).toEqual([]);
    expect(() =>
      hubProtectionPolicyJson({
        namePrefix: 'guards',
        exemptPrincipalArns: Array.from({ length: 60 }, (_, index) => `arn:aws:iam::*:role/break-glass-${index}`),
      }),
    ).toThrow(/AWS Organizations allows at most 5120/);
  });

  it('is created and attached to its targets as the policy above', () => {
    const synthesized = Testing.synthScope((scope) => {
      new HubProtectionServiceControlPolicy(scope, 'hub-protection', {
        namePrefix: 'guards',
        exemptPrincipalArns: ['arn:aws:iam::*:role/guards-deployer'],
        targetIds: [hubAccount],
      });
    });
    const [created] = resourcesOf(synthesized, 'aws_organizations_policy');
    expect(created.type).toBe('SERVICE_CONTROL_POLICY');
    expect(JSON.parse(String(created.content))).toEqual(policy);
    expect(resourcesOf(synthesized, 'aws_organizations_policy_attachment').map((attachment) => attachment.target_id)).toEqual([hubAccount]);
  });
});

describe("the hub SCP: the quarantine's trigger (tags, metric data, alarm state)", () => {
  it('denies a hub PowerUser writing a guards:* tag on an alarm (the quarantine acts only on alarms tagged guards:managed-by), and lets the deployer', async () => {
    const alarm = arn('cloudwatch', 'alarm:guards-quarantine-i-0123456789abcdef0');
    const tagKeys = { 'aws:TagKeys': ['guards:managed-by'] };
    expect(await decide(powerUser, 'cloudwatch:TagResource', alarm, tagKeys)).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'cloudwatch:UntagResource', alarm, tagKeys)).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'cloudwatch:TagResource', alarm, { 'aws:TagKeys': ['team'] })).toBe('Allowed');
    expect(await decide(deployer, 'cloudwatch:TagResource', alarm, tagKeys)).toBe('Allowed');
  });

  it('denies PutMetricData in the quarantine namespace to everyone but the exempt principals, and SetAlarmState on the quarantine alarms', async () => {
    expect(await decide(powerUser, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'SecurityGuards/InstanceQuarantine' })).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'Payments' })).toBe('Allowed');
    expect(await decide(powerUser, 'cloudwatch:SetAlarmState', arn('cloudwatch', 'alarm:guards-quarantine-i-0123456789abcdef0'))).toBe('ExplicitlyDenied');
  });
});
