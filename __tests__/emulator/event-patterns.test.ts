/**
 * The synthesized EventBridge rules on the emulator's EventBridge: every `aws_cloudwatch_event_rule`
 * with an `event_pattern` of the single-account example (prefix `guards`, every registered guard switched on), and the configured lists
 * of the notification guards' trail-options fixture (prefix `sec`, same account), is created on the default bus with an SQS
 * queue as its target (the emulator cannot deliver to Lambda), then the real CloudTrail and
 * GuardDuty events are put one at a time and every queue is read: the emulator, not this project,
 * judges which rule each event reaches. Needs the handler zips (`npm run build`) for the synth.
 *
 * What the emulator cannot judge stays with the test-only matchers in __tests__/helpers: CloudWatch
 * Logs filter patterns (metric and subscription filters), and a rule's `account` field for events
 * of another account (PutEvents always stamps the caller's account).
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { cloudTrailRecord, eventBridgeEnvelope, JsonRecord } from '../helpers/cloudtrail-envelopes';
import { emulatorPerSuite } from '../helpers/emulator-handlers';
import { drainQueue, placeRuleWithQueue, putEnvelope } from '../helpers/rule-deliveries';
import { projectFixture, sharedEvent } from '../helpers/fixtures';
import { resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

jest.setTimeout(300_000);

// Not reset between tests: they share the rules and queues, and each reads every queue empty.
const server = emulatorPerSuite({ resetAfterEach: false });

interface SynthesizedRule {
  readonly name: string;
  readonly eventPattern: string;
}

/** The rules with an event pattern (schedule rules have none) of the stacks named. */
function synthesizedRules(configFile: string, stackNames: readonly string[]): SynthesizedRule[] {
  const stacks = synthesizeConfigFile(configFile).filter((stack) => stackNames.includes(stack.name));
  expect(stacks.map((stack) => stack.name).sort()).toEqual([...stackNames].sort());
  return stacks.flatMap((stack) =>
    Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_event_rule'))
      .filter((rule) => typeof rule.event_pattern === 'string')
      // The detections guard's rules are judged over every detection record by detection-patterns.test.ts.
      .filter((rule) => !/-detections-\d+$/.test(String(rule.name)))
      .map((rule) => ({ name: String(rule.name), eventPattern: String(rule.event_pattern) })),
  );
}

const record = (name: string, changes: JsonRecord = {}): JsonRecord => eventBridgeEnvelope({ ...cloudTrailRecord(name), ...changes });
const guardDutyFinding = (change: (detail: JsonRecord) => void = () => undefined): JsonRecord => {
  const finding = projectFixture<JsonRecord & { detail: JsonRecord }>('instance-quarantine/guardduty-ssh-brute-force.json');
  change(finding.detail);
  return finding;
};

/**
 * Every event put on the bus, and the rules (by name, as synthesized) it must reach. The CloudTrail
 * records are the real ones of ../shared/fixtures/events and this project's __tests__/fixtures, in
 * the EventBridge envelope of the real eventbridge-cloudtrail-envelope.json.
 */
interface PatternCase {
  readonly label: string;
  readonly event: () => JsonRecord;
  readonly reaches: readonly string[];
}

const successCases: readonly PatternCase[] = [
  {
    label: 'CreateUser (real record)',
    event: () => record('createuser-assumedrole.json'),
    reaches: ['guards-iam-changes', 'guards-region-lockdown-new-user', 'sec-iam-changes'],
  },
  {
    label: 'CreateUser that failed',
    event: () => record('createuser-assumedrole.json', { errorCode: 'EntityAlreadyExistsException', errorMessage: 'User with name new-user already exists.' }),
    // The IAM change alert reports failed attempts too; the lockdown has no user to lock.
    reaches: ['guards-iam-changes', 'sec-iam-changes'],
  },
  // region-lockdown attaches its Terraform-managed deny; detaching it is what the policy-change rule watches.
  {
    label: "DetachUserPolicy of the guard's deny",
    event: () => record('region-lockdown/detach-user-policy.json'),
    reaches: ['guards-region-lockdown-policy-change'],
  },
  {
    label: 'DetachUserPolicy of another policy',
    event: () =>
      record('region-lockdown/detach-user-policy.json', { requestParameters: { userName: 'new-user', policyArn: 'arn:aws:iam::123456789012:policy/team-s3' } }),
    reaches: [],
  },
  {
    label: "DetachUserPolicy of the guard's deny, denied",
    event: () =>
      record('region-lockdown/detach-user-policy.json', {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::123456789012:user/new-user is not authorized to perform: iam:DetachUserPolicy',
      }),
    reaches: [],
  },
  // Tamper alert: one rule per service group and stack (prefix guards and sec), each on the stack's own resources.
  {
    label: 'UpdateFunctionCode of a guard function, by ARN',
    event: () => record('tamper-alert/update-function-code.json'),
    reaches: ['guards-tamper-functions'],
  },
  {
    label: "UpdateFunctionCode of the other stack's guard function, by name",
    event: () =>
      record('tamper-alert/update-function-code.json', { requestParameters: { functionName: 'sec-iam-change-alert', publish: false, dryRun: false } }),
    reaches: ['sec-tamper-functions'],
  },
  {
    label: 'UpdateFunctionCode of another function',
    event: () =>
      record('tamper-alert/update-function-code.json', {
        requestParameters: { functionName: 'arn:aws:lambda:us-east-1:123456789012:function:payments-api', publish: false, dryRun: false },
      }),
    reaches: [],
  },
  {
    // A refused call is an attempt: the attempts rule of its group alerts, marked as one.
    label: 'UpdateFunctionCode of a guard function, failed',
    event: () => record('tamper-alert/update-function-code.json', { errorCode: 'AccessDeniedException', responseElements: null }),
    reaches: ['guards-tamper-functions-attempts'],
  },
  {
    label: "PurgeQueue of a guard's failure queue (the real StopLogging record renamed)",
    event: () =>
      record('tamper-alert/stop-logging.json', {
        eventSource: 'sqs.amazonaws.com',
        eventName: 'PurgeQueue',
        requestParameters: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/guards-instance-quarantine-failures' },
      }),
    reaches: ['guards-tamper-alarms-queues-logs'],
  },
  {
    label: "DeleteAlarms of the other stack's alarm among others",
    event: () => ({
      ...record('tamper-alert/stop-logging.json', {
        eventSource: 'monitoring.amazonaws.com',
        eventName: 'DeleteAlarms',
        requestParameters: { alarmNames: ['payments-latency', 'sec-iam-change-alert-errors'] },
      }),
      source: 'aws.cloudwatch',
    }),
    reaches: ['sec-tamper-alarms-queues-logs'],
  },
  {
    label: 'CreateFilter archiving GuardDuty findings (any detector of the account)',
    event: () =>
      record('tamper-alert/stop-logging.json', {
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'CreateFilter',
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', name: 'quiet', action: 'ARCHIVE' },
      }),
    reaches: ['guards-tamper-findings', 'sec-tamper-findings'],
  },
  {
    label: 'DetachRolePolicy from a guard role (the real DetachUserPolicy record renamed)',
    event: () =>
      record('region-lockdown/detach-user-policy.json', {
        eventName: 'DetachRolePolicy',
        requestParameters: { roleName: 'guards-region-lockdown', policyArn: 'arn:aws:iam::123456789012:policy/guards-region-lockdown-permissions' },
      }),
    reaches: ['guards-tamper-roles-and-rules'],
  },
  {
    label: 'DetachRolePolicy from another role',
    event: () =>
      record('region-lockdown/detach-user-policy.json', {
        eventName: 'DetachRolePolicy',
        requestParameters: { roleName: 'payments-api', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      }),
    reaches: [],
  },
  {
    label: "DetachRolePolicy from the other stack's guard role",
    event: () =>
      record('region-lockdown/detach-user-policy.json', {
        eventName: 'DetachRolePolicy',
        requestParameters: { roleName: 'sec-iam-change-alert', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      }),
    reaches: ['sec-tamper-roles-and-rules'],
  },
  { label: "StopLogging of the guards' trail, by ARN", event: () => record('tamper-alert/stop-logging.json'), reaches: ['guards-tamper-topic-key-trail'] },
  {
    label: "StopLogging of the other stack's trail, by name",
    event: () => record('tamper-alert/stop-logging.json', { requestParameters: { name: 'sec-trail' } }),
    reaches: ['sec-tamper-topic-key-trail'],
  },
  {
    label: 'StopLogging of another trail',
    event: () => record('tamper-alert/stop-logging.json', { requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/data-events' } }),
    reaches: [],
  },
  { label: 'AttachUserPolicy, denied', event: () => record('iam-change-alert/attach-user-policy-denied.json'), reaches: ['guards-iam-changes'] },
  { label: 'CreateAccessKey', event: () => record('iam-change-alert/create-access-key-own-user.json'), reaches: ['guards-iam-changes', 'sec-iam-changes'] },
  ...['CreateLoginProfile', 'AddUserToGroup', 'PutUserPolicy', 'AttachUserPolicy', 'CreateRole', 'CreatePolicyVersion'].map((eventName) => ({
    label: `${eventName} (the real CreateUser record renamed)`,
    event: () => record('createuser-assumedrole.json', { eventName }),
    reaches: ['guards-iam-changes'],
  })),
  ...['UpdateAssumeRolePolicy', 'AttachRolePolicy'].map((eventName) => ({
    label: `${eventName} (only in the configured list)`,
    event: () => record('createuser-assumedrole.json', { eventName }),
    reaches: ['sec-iam-changes'],
  })),
  { label: 'DeleteUser (not watched)', event: () => record('createuser-assumedrole.json', { eventName: 'DeleteUser' }), reaches: [] },
  {
    label: 'AuthorizeSecurityGroupIngress (console)',
    event: () => record('authorize-sg-ingress-console.json'),
    reaches: ['guards-sg-changes', 'sec-sg-changes'],
  },
  { label: 'CreateSecurityGroup (Terraform)', event: () => record('create-security-group-terraform.json'), reaches: ['guards-sg-changes'] },
  {
    label: 'AuthorizeSecurityGroupIngress, failed',
    event: () => record('sg-change-alert/authorize-sg-ingress-failed.json'),
    reaches: ['guards-sg-changes', 'sec-sg-changes'],
  },
  {
    label: 'ModifySecurityGroupRules',
    event: () => record('sg-change-alert/modify-security-group-rules.json'),
    reaches: ['guards-sg-changes', 'sec-sg-changes'],
  },
  ...['AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'DeleteSecurityGroup'].map((eventName) => ({
    label: `${eventName} (the real CreateSecurityGroup record renamed)`,
    event: () => record('create-security-group-terraform.json', { eventName }),
    reaches: ['guards-sg-changes'],
  })),
  { label: 'RevokeSecurityGroupEgress by rule id', event: () => record('sg-change-alert/revoke-sg-egress-by-rule-id.json'), reaches: ['guards-sg-changes'] },
  {
    label: 'DescribeSecurityGroups (a read)',
    event: () => record('create-security-group-terraform.json', { eventName: 'DescribeSecurityGroups' }),
    reaches: [],
  },
  { label: 'DeleteTransitGatewayVpcAttachment (real envelope)', event: () => sharedEvent<JsonRecord>('eventbridge-cloudtrail-envelope.json'), reaches: [] },
  { label: 'console sign-in, root', event: () => record('consolelogin-root-success-no-mfa.json'), reaches: [] },
  { label: 'console sign-in, failed', event: () => record('consolelogin-iam-user-failure.json'), reaches: [] },
  { label: 'SwitchRole', event: () => record('signin-alert/switchrole.json'), reaches: [] },
  { label: 'GuardDuty SSH brute force on an instance, severity 8', event: () => guardDutyFinding(), reaches: ['guards-instance-quarantine-guardduty'] },
  {
    label: 'GuardDuty finding at severity 7 (the minimum)',
    event: () => guardDutyFinding((detail) => (detail.severity = 7)),
    reaches: ['guards-instance-quarantine-guardduty'],
  },
  { label: 'GuardDuty finding below the minimum severity', event: () => guardDutyFinding((detail) => (detail.severity = 6.9)), reaches: [] },
  {
    // Stolen instance credentials (issue 20): the finding is about the access key; the handler reads the instance from its session.
    label: 'GuardDuty InstanceCredentialExfiltration.OutsideAWS finding (about an access key)',
    event: () => projectFixture<JsonRecord>('instance-quarantine/guardduty-instance-credential-exfiltration-outside-aws.json'),
    reaches: ['guards-instance-quarantine-guardduty'],
  },
  {
    label: 'GuardDuty finding about an S3 bucket',
    event: () => guardDutyFinding((detail) => ((detail.resource as JsonRecord).resourceType = 'S3Bucket')),
    reaches: [],
  },
];

/** Each successful tamper call, refused: the attempts rule of the same group and stack alerts instead. */
const refusedTamperCases: PatternCase[] = successCases
  .filter((testCase) => testCase.reaches.length > 0 && testCase.reaches.every((name) => /-tamper-/.test(name) && !name.endsWith('-attempts')))
  .map((testCase) => ({
    label: `${testCase.label}, refused`,
    event: () => {
      const envelope = testCase.event();
      return { ...envelope, detail: { ...(envelope.detail as JsonRecord), errorCode: 'AccessDenied' } };
    },
    reaches: testCase.reaches.map((name) => `${name}-attempts`),
  }));
const cases: readonly PatternCase[] = [...successCases, ...refusedTamperCases];

let events: EventBridgeClient;
let sqs: SQSClient;
let rules: SynthesizedRule[];
/** Rule name -> its queue. */
const queueOfRule = new Map<string, string>();

beforeAll(async () => {
  Object.assign(process.env, server().clientEnvironment('us-east-1'));
  events = new EventBridgeClient({});
  sqs = new SQSClient({});
  rules = [
    ...synthesizedRules('examples/single-account.yaml', ['sandbox-us-east-1']),
    // sec-iam-changes watches CreateUser, CreateAccessKey, UpdateAssumeRolePolicy, AttachRolePolicy;
    // sec-sg-changes watches AuthorizeSecurityGroupIngress, ModifySecurityGroupRules.
    ...synthesizedRules('__tests__/fixtures/iam-change-alert/trail-options.yaml', ['builder-us-east-1']),
  ];
  for (const rule of rules) queueOfRule.set(rule.name, await placeRuleWithQueue(events, sqs, rule, `${rule.name}-deliveries`));
});

/** The rules whose queue received something since the last read, and what each received; empties the queues. */
async function rulesReached(): Promise<Map<string, JsonRecord[]>> {
  const reached = new Map<string, JsonRecord[]>();
  for (const [ruleName, queueUrl] of queueOfRule) {
    const delivered = await drainQueue(sqs, queueUrl);
    if (delivered.length > 0) reached.set(ruleName, delivered);
  }
  return reached;
}

it('has a case for every synthesized pattern rule, and names no rule the synth does not make', () => {
  // The rules come from the synthesized examples, which switch every registered guard on: a new
  // guard or rule without a case here fails, naming the rule.
  expect(rules.length).toBeGreaterThan(0);
  const withoutCase = rules.map((rule) => rule.name).filter((name) => !cases.some((testCase) => testCase.reaches.includes(name)));
  expect(withoutCase).toEqual([]);
  const synthesized = new Set(rules.map((rule) => rule.name));
  const unknown = [...new Set(cases.flatMap((testCase) => testCase.reaches))].filter((name) => !synthesized.has(name));
  expect(unknown).toEqual([]);
});

describe.each(cases)('$label', ({ event, reaches }) => {
  it(`reaches exactly: ${reaches.join(', ') || 'no rule'}`, async () => {
    const envelope = event();
    await putEnvelope(events, envelope);
    const reached = await rulesReached();
    expect([...reached.keys()].sort()).toEqual([...reaches].sort());
    for (const delivered of reached.values()) {
      // Delivered once, with the event's source, detail type and whole detail. Not compared: `account`,
      // which moto 5.2.1 leaves out of the event it hands to an SQS target (it matches on it all the same).
      expect(delivered).toEqual([expect.objectContaining({ source: envelope.source, 'detail-type': envelope['detail-type'], detail: envelope.detail })]);
    }
  });
});
