import './test-env';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler } from '../../../handlers/instance-quarantine';
import { happyPath, recordedInstanceId, useQuarantineTestAws } from './aws-mocks';
import { chatView, emailView } from '../../helpers/published-alert';
import { QuarantineRecord } from '../../../handlers/instance-quarantine/decision';
import { releaseApprovalCommand, releaseInstructions } from '../../../handlers/instance-quarantine/release-instructions';
import { approvalHowTo } from '../../../handlers/instance-quarantine-release/approval';

const record = {
  instanceId: 'i-0123456789abcdef0',
  groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819'] },
  revokedRoleNames: ['ec2-default-role'],
  instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/ec2-default',
  networkAclEntries: [{ networkAclId: 'acl-1', egress: false, ruleNumber: 3, cidr: '10.0.0.38/32' }],
} as unknown as QuarantineRecord;

describe('release instructions of a quarantine alert', () => {
  const how = releaseInstructions(record, {
    tableName: 'guards-quarantine-state',
    region: 'eu-west-1',
    releaseFunctionName: 'guards-instance-quarantine-release',
  });

  it('gives the exact approval put-item and the release invocation, in order', () => {
    expect(how.nextSteps).toEqual([
      `Approve (an approver): aws dynamodb put-item --table-name guards-quarantine-state --item '{"pk": {"S": "release-approval#i-0123456789abcdef0"}, "approvedBy": {"S": "<approver ARN>"}, "approvedAt": {"S": "<now, UTC, e.g. 2026-01-31T12:00:00Z>"}}'`,
      `Release: aws lambda invoke --region eu-west-1 --function-name guards-instance-quarantine-release --cli-binary-format raw-in-base64-out --payload '{"instanceId": "i-0123456789abcdef0"}' release-result.json`,
    ]);
  });

  it('lists what the release will undo, from the state record', () => {
    expect(how.lines).toEqual(
      expect.arrayContaining([
        '  [PLANNED] restore-security-groups: eni-ee61adee -> sg-7e41d819',
        '  [PLANNED] remove-network-acl-denies: acl-1 inbound #3 10.0.0.38/32',
        '  [PLANNED] lift-credential-revocation: detach the deny from ec2-default-role unless another quarantine needs it',
      ]),
    );
  });

  it('the release refusal prints the same approval command (one definition), hub keys included', () => {
    const scope = { accountId: '222222222222', region: 'eu-west-1' };
    expect(approvalHowTo(record.instanceId, 'guards-quarantine-state', scope)).toContain(
      releaseApprovalCommand('guards-quarantine-state', record.instanceId, scope),
    );
    expect(releaseApprovalCommand('t', record.instanceId, scope)).toContain('"release-approval#222222222222/eu-west-1/i-0123456789abcdef0"');
  });

  it('without the release function name (hub mode) names it by its pattern', () => {
    expect(releaseInstructions(record, { tableName: 't', region: 'us-east-1' }).nextSteps[1]).toContain('--function-name <prefix>-instance-quarantine-release');
  });
});

describe('the quarantine alert', () => {
  const aws = useQuarantineTestAws();

  beforeEach(() => {
    process.env.RELEASE_FUNCTION_NAME = 'guards-instance-quarantine-release';
  });
  afterEach(() => {
    delete process.env.RELEASE_FUNCTION_NAME;
  });

  it('carries the approval and release commands and the dry-run plan, in the e-mail and as the chat next steps', async () => {
    happyPath(aws.mocks);
    const [result] = await handler({ action: 'quarantine', instanceId: recordedInstanceId, reason: 'test' });
    expect(result.outcome).toBe('contained');
    const input = aws.mocks.sns.commandCalls(PublishCommand)[0].args[0].input;
    const email = emailView(input).Message;
    expect(email).toContain(`"release-approval#${recordedInstanceId}"`);
    expect(email).toContain(
      `--function-name guards-instance-quarantine-release --cli-binary-format raw-in-base64-out --payload '{"instanceId": "${recordedInstanceId}"}'`,
    );
    expect(email).toMatch(/\[PLANNED\] restore-security-groups: eni-ee61adee -> /);
    const chat = chatView(input) as { content: { nextSteps: string[] } };
    expect(chat.content.nextSteps).toHaveLength(2);
    expect(chat.content.nextSteps[0]).toMatch(/^Approve \(an approver\): aws dynamodb put-item --table-name guards-quarantine-state /);
  });
});
