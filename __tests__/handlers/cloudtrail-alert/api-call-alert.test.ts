import { AlertContent, FormattedAlert, formatAlert } from '../../../handlers/common/alert-format';
import { describeApiCall } from '../../../handlers/cloudtrail-alert/api-call-alert';
import { readCloudTrailRecord } from '../../../handlers/common/cloudtrail-record';
import { parseApiCallEvent } from '../../../handlers/cloudtrail-alert/eventbridge-event';
import { securityGroupOf } from '../../../handlers/cloudtrail-alert/security-group-change';
import { protocolAndPorts } from '../../../handlers/cloudtrail-alert/security-group-rules';
import { JsonRecord, cloudTrailRecord, eventBridgeEnvelope } from '../../helpers/cloudtrail-envelopes';

function contentOf(record: JsonRecord, guardName = 'sg-change-alert'): AlertContent {
  return describeApiCall(parseApiCallEvent(eventBridgeEnvelope(record)), { partition: 'aws', guardName });
}

function alertOf(name: string, guardName?: string): FormattedAlert {
  return formatAlert(contentOf(cloudTrailRecord(name), guardName));
}

function lines(alert: FormattedAlert): string[] {
  return alert.message.split('\n');
}

describe('IAM changes: who did what to which identity', () => {
  it('CreateUser by an assumed role (real record)', () => {
    const alert = alertOf('createuser-assumedrole.json', 'iam-change-alert');
    expect(alert.subject).toBe('IAM CreateUser user new-user in 123456789012 by Tester');
    expect(lines(alert)[0]).toBe('Role Tester created IAM user new-user.');
    expect(lines(alert)).toContain('Identity changed: IAM user new-user');
    expect(lines(alert)).toContain('  IAM user: https://console.aws.amazon.com/iam/home#/users/details/new-user');
    // The real record has no path and no response: IAM's default path, and the ARN IAM forms.
    expect(lines(alert)).toContain('Path: / (the default)');
    expect(lines(alert)).toContain('User ARN: arn:aws:iam::123456789012:user/new-user (formed from the request)');
  });

  it("CreateUser shows the new user's path and ARN as IAM returned them", () => {
    const alert = alertOf('iam-change-alert/create-user-with-path.json', 'iam-change-alert');
    expect(lines(alert)[0]).toBe('Role Deployer (session ci-deploy) created IAM user svc-reporting.');
    expect(lines(alert)).toContain('Path: /service/batch/');
    expect(lines(alert)).toContain('User ARN: arn:aws:iam::111122223333:user/service/batch/svc-reporting');
  });

  it('CreateAccessKey without userName is for the calling user itself, and names the new key', () => {
    const alert = alertOf('iam-change-alert/create-access-key-own-user.json', 'iam-change-alert');
    expect(alert.subject).toBe('IAM CreateAccessKey user alice in 111122223333 by alice');
    expect(lines(alert)[0]).toBe('IAM user alice created an access key for IAM user alice.');
    expect(lines(alert)).toContain('Access key id: AKIAI44QH8DHBEXAMPLE');
  });

  it('a denied AttachUserPolicy is marked FAILED and says nothing was attached', () => {
    const alert = alertOf('iam-change-alert/attach-user-policy-denied.json', 'iam-change-alert');
    expect(alert.subject).toBe('[FAILED] IAM AttachUserPolicy user bob in 111122223333 by Deployer/ci-deploy');
    expect(lines(alert)[0]).toBe(
      'FAILED: Role Deployer (session ci-deploy) tried to attach policy arn:aws:iam::aws:policy/AdministratorAccess to IAM user bob, and the call failed (AccessDenied).',
    );
    expect(alert.message).toContain('Result: FAILED: AccessDenied: User: arn:aws:sts::111122223333:assumed-role/Deployer/ci-deploy is not authorized');
  });

  it.each([
    [
      'CreateLoginProfile',
      { userName: 'bob', passwordResetRequired: true },
      'created',
      'gave a console password to IAM user bob',
      'Password reset required: true',
    ],
    ['AddUserToGroup', { userName: 'bob', groupName: 'Admins' }, 'added', 'added IAM user bob to group Admins', 'Group: Admins'],
    [
      'PutUserPolicy',
      { userName: 'bob', policyName: 'inline', policyDocument: '%7B%22Version%22%3A%222012-10-17%22%7D' },
      'put',
      'put inline policy inline on IAM user bob',
      'Policy document: {"Version":"2012-10-17"}',
    ],
    [
      'CreateRole',
      { roleName: 'ci', assumeRolePolicyDocument: '{\n "Statement": [{"Principal": {"AWS": "arn:aws:iam::999988887777:root"}}]\n}' },
      'created',
      'created role ci',
      'Trust policy: {"Statement":[{"Principal":{"AWS":"arn:aws:iam::999988887777:root"}}]}',
    ],
    [
      'CreatePolicyVersion',
      { policyArn: 'arn:aws:iam::111122223333:policy/deploy', setAsDefault: true, policyDocument: '{"Version":"2012-10-17"}' },
      'created',
      'created a new version of policy arn:aws:iam::111122223333:policy/deploy',
      'Set as default: true',
    ],
    [
      'UpdateAssumeRolePolicy',
      { roleName: 'ci', policyDocument: '{}' },
      'called',
      'called UpdateAssumeRolePolicy on role ci',
      'Request: {"roleName":"ci","policyDocument":"{}"}',
    ],
  ])('%s is described in its own words', (eventName, requestParameters, _verb, summary, detail) => {
    const record = { ...cloudTrailRecord('createuser-assumedrole.json'), eventName, requestParameters };
    const alert = formatAlert(contentOf(record, 'iam-change-alert'));
    expect(lines(alert)[0]).toBe(`Role Tester ${summary}.`);
    expect(lines(alert)).toContain(detail);
  });
});

describe('security-group changes: which group, who, and the requested change', () => {
  it('AuthorizeSecurityGroupIngress from the console (real record; ports as strings)', () => {
    const alert = alertOf('authorize-sg-ingress-console.json');
    expect(alert.subject).toBe('SG sg-04f0b44316f7d2471 authorize ingress in 112233445566 us-west-2 by TestAdmin/alan');
    expect(lines(alert)).toEqual(
      expect.arrayContaining(['Requested change:', '  - allow inbound tcp 443 from 0.0.0.0/16', 'Who: role TestAdmin (session alan)']),
    );
  });

  it('CreateSecurityGroup takes the new group id from the response (real record)', () => {
    const alert = alertOf('create-security-group-terraform.json');
    expect(alert.subject).toBe('SG sg-04d018d184a18f647 create in 112233445566 us-east-1 by Operator/ryan@example.com');
    expect(lines(alert)).toContain('Security group: sg-04d018d184a18f647 (prod-webapp-webserver-security) in vpc-a1a044c7');
    expect(alert.message).toContain('User agent: aws-sdk-go/1.29.7 (go1.13.7; darwin; amd64) APN/1.0 HashiCorp/1.0 Terraform/0.12.24');
  });

  it('ModifySecurityGroupRules: the group id from the wrapped request, and each rule with its new content; a rule opened to 0.0.0.0/0 is marked like an ingress authorization', () => {
    const alert = alertOf('sg-change-alert/modify-security-group-rules.json');
    expect(alert.subject).toBe('[OPEN TO INTERNET] SG sg-0123456789abcdef0 modify rules in 111122223333 eu-west-1 by ops');
    expect(lines(alert)).toContain('  - change rule sgr-0d28445c956a5d8ac to: tcp 22 with 0.0.0.0/0 (anywhere) "ssh for the vendor"');
    expect(lines(alert)).toContain(
      '  Security group: https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-0123456789abcdef0',
    );
  });

  it('ModifySecurityGroupRules to ::/0 is OPEN TO INTERNET too; to a private range, or failed, it is not', () => {
    const record = cloudTrailRecord('sg-change-alert/modify-security-group-rules.json');
    const withRule = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      ...record,
      ...extra,
      requestParameters: {
        ModifySecurityGroupRulesRequest: {
          GroupId: 'sg-0123456789abcdef0',
          SecurityGroupRule: { SecurityGroupRuleId: 'sgr-1', tag: 1, SecurityGroupRule: rule },
        },
      },
    });
    const marked = (candidate: Record<string, unknown>) => formatAlert(contentOf(candidate)).subject.includes('[OPEN TO INTERNET]');
    expect(marked(withRule({ CidrIpv6: '::/0', FromPort: 3389, ToPort: 3389, IpProtocol: 'tcp' }))).toBe(true);
    expect(marked(withRule({ CidrIpv4: '10.0.0.0/8', FromPort: 22, ToPort: 22, IpProtocol: 'tcp' }))).toBe(false);
    expect(
      marked(
        withRule({ CidrIpv4: '0.0.0.0/0', FromPort: 22, ToPort: 22, IpProtocol: 'tcp' }, { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'no' }),
      ),
    ).toBe(false);
  });

  it('ModifySecurityGroupRules with a list of rules describes every rule', () => {
    const record = cloudTrailRecord('sg-change-alert/modify-security-group-rules.json');
    const request = (record.requestParameters as { ModifySecurityGroupRulesRequest: { SecurityGroupRule: unknown } }).ModifySecurityGroupRulesRequest;
    const rules = [
      request.SecurityGroupRule,
      { SecurityGroupRuleId: 'sgr-2', SecurityGroupRule: { IpProtocol: '-1', ReferencedGroupId: 'sg-0aaaaaaaaaaaaaaaa' } },
    ];
    const alert = formatAlert(contentOf({ ...record, requestParameters: { ModifySecurityGroupRulesRequest: { ...request, SecurityGroupRule: rules } } }));
    expect(lines(alert)).toEqual(
      expect.arrayContaining([
        '  - change rule sgr-0d28445c956a5d8ac to: tcp 22 with 0.0.0.0/0 (anywhere) "ssh for the vendor"',
        '  - change rule sgr-2 to: all traffic with group sg-0aaaaaaaaaaaaaaaa',
      ]),
    );
  });

  it('a failed AuthorizeSecurityGroupIngress is marked FAILED, says nothing changed, and is not "open to internet"', () => {
    const alert = alertOf('sg-change-alert/authorize-sg-ingress-failed.json');
    expect(alert.subject).toBe('[FAILED] SG sg-0fedcba9876543210 authorize ingress in 111122223333 eu-west-1 by Deployer/ci-deploy');
    expect(lines(alert)[0]).toBe(
      'FAILED: Role Deployer (session ci-deploy) tried to add inbound rules to security group sg-0fedcba9876543210, and the call failed (Client.UnauthorizedOperation): nothing changed.',
    );
    expect(lines(alert)).toEqual(
      expect.arrayContaining(['Requested change (not made):', '  - allow inbound tcp 3389 from 0.0.0.0/0 (anywhere) "rdp", ::/0 (anywhere)']),
    );
    expect(alert.message).toContain('Result: FAILED: Client.UnauthorizedOperation: You are not authorized to perform this operation.');
  });

  it('the same rule, when it succeeds, is marked OPEN TO INTERNET', () => {
    const record = cloudTrailRecord('sg-change-alert/authorize-sg-ingress-failed.json');
    const { errorCode: _code, errorMessage: _message, ...succeeded } = record;
    expect(formatAlert(contentOf(succeeded)).subject.startsWith('[OPEN TO INTERNET] SG sg-0fedcba9876543210 authorize ingress in 111122223333 eu-west-1')).toBe(
      true,
    );
  });

  it('RevokeSecurityGroupEgress by rule id', () => {
    const alert = alertOf('sg-change-alert/revoke-sg-egress-by-rule-id.json');
    expect(lines(alert)[0]).toBe('IAM user ops removed outbound rules from security group sg-0123456789abcdef0.');
    expect(lines(alert)).toContain('  - remove rule sgr-0aaaaaaaaaaaaaaa1');
  });

  it("egress rules to a prefix list and another account's group, and the flat single-rule request form", () => {
    const base = cloudTrailRecord('authorize-sg-ingress-console.json');
    const egress = formatAlert(
      contentOf({
        ...base,
        eventName: 'AuthorizeSecurityGroupEgress',
        requestParameters: {
          groupId: 'sg-1',
          ipPermissions: {
            items: [
              { ipProtocol: '-1', prefixListIds: { items: [{ prefixListId: 'pl-123' }] } },
              { ipProtocol: 'udp', fromPort: 1000, toPort: 2000, groups: { items: [{ groupId: 'sg-2', userId: '999988887777' }] } },
            ],
          },
        },
      }),
    );
    expect(lines(egress)).toEqual(
      expect.arrayContaining([
        '  - allow outbound all traffic to prefix list pl-123',
        '  - allow outbound udp 1000-2000 to group sg-2 of account 999988887777',
      ]),
    );
    const flat = formatAlert(
      contentOf({
        ...base,
        eventName: 'RevokeSecurityGroupIngress',
        requestParameters: { groupName: 'default', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '10.0.0.0/8' },
      }),
    );
    expect(lines(flat)).toEqual(expect.arrayContaining(['Security group: default', '  - remove inbound tcp 22 from 10.0.0.0/8']));
  });

  it('DeleteSecurityGroup names the deleted group and links to no group page', () => {
    const record = { ...cloudTrailRecord('authorize-sg-ingress-console.json'), eventName: 'DeleteSecurityGroup', requestParameters: { groupId: 'sg-0dead' } };
    const content = contentOf(record);
    expect(formatAlert(content).message).toContain('  - delete group sg-0dead');
    expect(content.links.map((link) => link.label)).toEqual(['CloudTrail event']);
  });

  it('finds the group id wherever the call keeps it', () => {
    const read = (requestParameters: unknown, responseElements: unknown = null) =>
      securityGroupOf(readCloudTrailRecord({ eventName: 'X', eventSource: 'ec2.amazonaws.com', userIdentity: {}, requestParameters, responseElements }, 'r'))
        .id;
    expect(read({ groupId: 'sg-a' })).toBe('sg-a');
    expect(read({ ModifySecurityGroupRulesRequest: { GroupId: 'sg-b' } })).toBe('sg-b');
    expect(read({ groupName: 'web' }, { groupId: 'sg-c', _return: true })).toBe('sg-c');
    expect(read({ groupName: 'web' })).toBeUndefined();
  });

  it.each([
    [['-1', undefined, undefined], 'all traffic'],
    [['tcp', '22', '22'], 'tcp 22'],
    [['6', '0', '65535'], 'tcp all ports'],
    [['udp', '-1', '-1'], 'udp all ports'],
    [['17', '53', '54'], 'udp 53-54'],
    [['icmp', '8', '-1'], 'icmp type 8'],
    [['1', '3', '4'], 'icmp type 3 code 4'],
    [['icmpv6', '-1', '-1'], 'all icmpv6'],
    [['50', undefined, undefined], '50 all ports'],
  ] as const)('protocolAndPorts(%j) = %s', ([protocol, from, to], expected) => {
    expect(protocolAndPorts(protocol, from, to)).toBe(expected);
  });
});

describe('any other API call', () => {
  it('still says who called what, with the request (real envelope: a transit gateway call)', () => {
    const content = describeApiCall(parseApiCallEvent(cloudTrailRecord('eventbridge-cloudtrail-envelope.json')), {
      partition: 'aws',
      guardName: 'sg-change-alert',
    });
    const alert = formatAlert(content);
    expect(alert.subject).toBe('DeleteTransitGatewayVpcAttachment in 012345678912 us-west-2 by c7nbot/pmuniswamy');
    expect(alert.message).toContain('Request: {"DelTGwVpcAttachReq":{"TransitGatewayAttachmentId":"tgw-attach-0814a77755bf02f0e"}}');
  });
});
