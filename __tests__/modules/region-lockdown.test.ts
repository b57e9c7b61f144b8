import { Construct } from 'constructs';
import { Testing } from 'cdktf';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { AlertTopic } from '../../modules/common/alert-topic';
import { AwsEnvironment } from '../../modules/common/aws-environment';
import { GuardsKey } from '../../modules/common/guards-key';
import { RegionLockdown, RegionLockdownSettings } from '../../modules/region-lockdown';
import { userDenyBaseSize } from '../../modules/region-lockdown/module-export';
import { RegionLockdownScope, iamPolicySize, regionDenyPolicyJson } from '../../handlers/region-lockdown/region-deny-policy';
import { configProblems } from '../helpers/config-problems';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { resourcesOf } from '../helpers/guard-scope';
import { createUserEvent, detachUserPolicyEvent } from '../handlers/region-lockdown/cloudtrail-events';

/** IAM delivers its events in us-east-1: the guard's home. */
const home: AwsEnvironment = { accountId: '111122223333', region: 'us-east-1' };
const baseSettings: RegionLockdownSettings = { allowedRegions: ['us-east-1', 'eu-west-1'] };

function wiring(scope: Construct, environment: AwsEnvironment, namePrefix: string) {
  const key = new GuardsKey(scope, 'key', { environment, namePrefix });
  const alertTopic = new AlertTopic(scope, 'alerts', { environment, namePrefix, key, emails: ['a@example.com'] });
  return { environment, namePrefix, key, alertTopic };
}

function synthGuard(settings: RegionLockdownSettings = baseSettings, environment: AwsEnvironment = home, namePrefix = 'test'): string {
  return Testing.synthScope((scope) => {
    new RegionLockdown(scope, 'region-lockdown', { ...wiring(scope, environment, namePrefix), ...settings });
  });
}

type Json = Record<string, unknown>;

function rulesOf(synthesized: string): Record<string, Json> {
  return Object.fromEntries(resourcesOf(synthesized, 'aws_cloudwatch_event_rule').map((rule) => [String(rule.name), rule]));
}

function handlerStatementsOf(synthesized: string): Json[] {
  const rolePolicy = resourcesOf(synthesized, 'aws_iam_role_policy').find((policy) => policy.name === 'test-region-lockdown');
  return (JSON.parse(String(rolePolicy?.policy)).Statement as Json[]).filter((statement) => !String(statement.Sid).startsWith('Platform'));
}

const organizationsMode = {
  managementAccountId: '111122223333',
  targetIds: ['ou-ab12-cdef3456', '444455556666'],
  exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass'],
};

describe('RegionLockdown construct', () => {
  const defaults = synthGuard();

  it('runs the built handler with the settings the shared policy builder reads', () => {
    expect(defaults).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-region-lockdown',
      runtime: 'nodejs22.x',
      timeout: 900,
      environment: {
        variables: {
          ALERT_TOPIC_ARN: expect.stringMatching(/^\$\{aws_sns_topic\..+\.arn\}$/),
          DRY_RUN: 'false',
          ALLOWED_REGIONS: 'us-east-1,eu-west-1',
          SCOPE: 'ec2-changes',
          POLICY_ARNS: expect.stringMatching(/^\$\{aws_iam_policy\.region-lockdown_deny-policy_[A-F0-9]+\.arn\}$/),
          EXEMPT_PATH_PREFIXES: '',
          EXEMPT_TAG_KEY: 'guards:region-lockdown-exempt',
          POWERTOOLS_SERVICE_NAME: 'region-lockdown',
        },
      },
    });
    // IAM names are global to the account, so the role's name carries the region (another region's
    // stack of the account must not collide).
    expect(resourcesOf(defaults, 'aws_iam_role').map((role) => role.name)).toEqual(['test-region-lockdown-us-east-1']);
  });

  it("holds the deny in a Terraform-managed policy named for the account and region, with the shared builder's document", () => {
    const [policy] = resourcesOf(defaults, 'aws_iam_policy');
    expect(policy.name).toBe('test-region-lockdown-us-east-1');
    expect(policy.policy).toBe(regionDenyPolicyJson({ allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'ec2-changes' }));
    const allRegional = resourcesOf(synthGuard({ ...baseSettings, scope: 'all-regional' }), 'aws_iam_policy')[0];
    expect(allRegional.policy).toBe(regionDenyPolicyJson({ allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'all-regional' }));
  });

  it('listens to CreateUser, and to DetachUserPolicy of its own deny policy only, of this account, successful calls only', () => {
    const rules = rulesOf(defaults);
    const iamCall = (detail: Json) => ({
      source: ['aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      account: ['111122223333'],
      detail: { eventSource: ['iam.amazonaws.com'], errorCode: [{ exists: false }], ...detail },
    });
    expect(JSON.parse(String(rules['test-region-lockdown-new-user'].event_pattern))).toEqual(iamCall({ eventName: ['CreateUser'] }));
    expect(JSON.parse(String(rules['test-region-lockdown-policy-change'].event_pattern))).toEqual(
      iamCall({ eventName: ['DetachUserPolicy'], requestParameters: { policyArn: ['arn:aws:iam::111122223333:policy/test-region-lockdown-us-east-1'] } }),
    );
    expect(rules['test-region-lockdown-reconcile'].schedule_expression).toBe('rate(1 day)');
    expect(resourcesOf(defaults, 'aws_cloudwatch_event_target')).toHaveLength(3);
    expect(defaults).toHaveResourceWithProperties(CloudwatchEventTarget, { target_id: 'region-lockdown' });
  });

  it('matches no event of another account (the rest of its matching runs on the emulator: __tests__/emulator/event-patterns.test.ts)', () => {
    // The emulator's PutEvents stamps every event with the caller's account, so an event of another
    // account can only be judged by the test-only matcher.
    const rules = rulesOf(synthGuard(baseSettings, { accountId: '123456789012', region: 'us-east-1' }, 'guards'));
    const newUser = String(rules['guards-region-lockdown-new-user'].event_pattern);
    const policyChange = String(rules['guards-region-lockdown-policy-change'].event_pattern);
    expect(matchesEventPattern(newUser, createUserEvent())).toBe(true);
    expect(matchesEventPattern(newUser, { ...createUserEvent(), account: '999999999999' })).toBe(false);
    expect(matchesEventPattern(newUser, detachUserPolicyEvent())).toBe(false);
    expect(matchesEventPattern(policyChange, detachUserPolicyEvent())).toBe(true);
    expect(matchesEventPattern(policyChange, { ...detachUserPolicyEvent(), account: '999999999999' })).toBe(false);
    expect(
      matchesEventPattern(
        policyChange,
        detachUserPolicyEvent({ requestParameters: { userName: 'new-user', policyArn: 'arn:aws:iam::123456789012:policy/team-s3' } }),
      ),
    ).toBe(false);
    expect(matchesEventPattern(policyChange, detachUserPolicyEvent({ errorCode: 'AccessDenied' }))).toBe(false);
    expect(matchesEventPattern(policyChange, createUserEvent())).toBe(false);
  });

  it('lets each rule, and only it, invoke the function, from this account', () => {
    const permissions = resourcesOf(defaults, 'aws_lambda_permission');
    expect(permissions).toHaveLength(3);
    for (const permission of permissions) {
      expect(permission).toMatchObject({ principal: 'events.amazonaws.com', source_account: '111122223333', action: 'lambda:InvokeFunction' });
      expect(String(permission.source_arn)).toMatch(/^\$\{aws_cloudwatch_event_rule\.region-lockdown_[a-z-]+-rule_[A-F0-9]+\.arn\}$/);
    }
  });

  it('grants the user reads, AttachUserPolicy of its own deny policy only, the listing, and the alert topic; denies changes to protected principals', () => {
    const statements = handlerStatementsOf(defaults);
    expect(statements.slice(0, 4)).toEqual([
      { Sid: 'ListUsersWithTheirPolicies', Effect: 'Allow', Action: 'iam:GetAccountAuthorizationDetails', Resource: '*' },
      {
        Sid: 'ReadOneUserAndItsPolicies',
        Effect: 'Allow',
        Action: ['iam:GetUser', 'iam:ListAttachedUserPolicies'],
        Resource: 'arn:aws:iam::111122223333:user/*',
      },
      {
        Sid: 'AttachRegionDenyToUsers',
        Effect: 'Allow',
        Action: 'iam:AttachUserPolicy',
        Resource: 'arn:aws:iam::111122223333:user/*',
        Condition: { ArnEquals: { 'iam:PolicyARN': ['arn:aws:iam::111122223333:policy/test-region-lockdown-us-east-1'] } },
      },
      { Sid: 'NotifyAlertTopic', Effect: 'Allow', Action: 'sns:Publish', Resource: expect.stringMatching(/^\$\{aws_sns_topic\..+\.arn\}$/) },
    ]);
    expect(statements[4]).toMatchObject({
      Sid: 'DenyChangesToProtectedPrincipals',
      Effect: 'Deny',
      Action: expect.arrayContaining(['iam:AttachUserPolicy', 'iam:PutRolePolicy', 'iam:PassRole', 'iam:UpdateAssumeRolePolicy']),
      Resource: [
        'arn:aws:iam::111122223333:role/test-*',
        'arn:aws:iam::111122223333:role/OrganizationAccountAccessRole',
        'arn:aws:iam::111122223333:role/AWSControlTowerExecution',
        'arn:aws:iam::111122223333:role/aws-reserved/*',
      ],
    });
    expect(statements).toHaveLength(5);
  });

  it('passes scope, exemptions, schedule and dry run through', () => {
    const custom = synthGuard({
      ...baseSettings,
      scope: 'all-regional',
      exemptPathPrefixes: ['/break-glass/', '/ci/'],
      exemptTagKey: 'sec:keep',
      reconcileSchedule: 'cron(0 3 * * ? *)',
      dryRun: true,
    });
    const [fn] = resourcesOf(custom, 'aws_lambda_function') as { environment: { variables: Record<string, string> } }[];
    expect(fn.environment.variables).toMatchObject({
      SCOPE: 'all-regional',
      EXEMPT_PATH_PREFIXES: '/break-glass/,/ci/',
      EXEMPT_TAG_KEY: 'sec:keep',
      DRY_RUN: 'true',
    });
    expect(rulesOf(custom)['test-region-lockdown-reconcile'].schedule_expression).toBe('cron(0 3 * * ? *)');
  });

  it('creates no service control policy without organizations mode', () => {
    expect(defaults).not.toHaveResource(OrganizationsPolicy);
  });

  it("creates the same deny as a service control policy in the management account's stack, attached to each target", () => {
    const synthesized = synthGuard({ ...baseSettings, scope: 'all-regional', organizationsMode });
    expect(synthesized).toHaveResourceWithProperties(OrganizationsPolicy, {
      name: 'test-region-lockdown',
      type: 'SERVICE_CONTROL_POLICY',
      content: regionDenyPolicyJson({
        allowedRegions: ['us-east-1', 'eu-west-1'],
        scope: 'all-regional',
        exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass'],
      }),
    });
    const attachments = resourcesOf(synthesized, 'aws_organizations_policy_attachment');
    expect(attachments.map((attachment) => attachment.target_id).sort()).toEqual(['444455556666', 'ou-ab12-cdef3456']);
    expect(synthesized).toHaveResourceWithProperties(OrganizationsPolicyAttachment, {
      policy_id: expect.stringMatching(/^\$\{aws_organizations_policy\..+\.id\}$/),
    });
  });

  it("creates no service control policy in the other accounts' stacks", () => {
    const otherAccount = synthGuard({ ...baseSettings, organizationsMode }, { accountId: '222233334444', region: 'us-east-1' });
    expect(otherAccount).not.toHaveResource(OrganizationsPolicy);
    expect(otherAccount).toHaveResource(LambdaFunction);
  });

  it('fits the all-regional deny for ten regions in its managed policy (an inline policy could not hold it)', () => {
    const tenRegions = [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'eu-central-1',
      'eu-north-1',
      'ap-southeast-1',
    ];
    const [policy] = resourcesOf(synthGuard({ allowedRegions: tenRegions, scope: 'all-regional' }), 'aws_iam_policy');
    expect(iamPolicySize(String(policy.policy))).toBeGreaterThan(2048);
  });

  it('fails at synth, naming the field and the sizes, when the deny cannot fit in a managed policy', () => {
    const tooMany = Array.from({ length: 400 }, (_, index) => `xx-t${'a'.repeat(1 + Math.floor(index / 10))}-${index % 10}`);
    expect(() => synthGuard({ allowedRegions: tooMany, scope: 'all-regional' })).toThrow(
      /^region-lockdown: allowedRegions: the all-regional deny for 400 allowed regions is \d+ characters, but IAM allows at most 6144 characters in a managed policy \(white space not counted\); allow fewer regions or use scope ec2-changes$/,
    );
  });

  it("fails at synth when it is not in us-east-1, where IAM's events arrive", () => {
    expect(() => synthGuard(baseSettings, { accountId: '111122223333', region: 'eu-west-1' })).toThrow(
      'region-lockdown: IAM delivers its CloudTrail events to EventBridge in us-east-1 only, so the guard must be deployed there (the home region is eu-west-1): set homeRegion: us-east-1',
    );
  });

  it('rejects bad settings at synth, naming the guard and the field', () => {
    expect(() => synthGuard({})).toThrow('region-lockdown: allowedRegions: required');
    expect(() => synthGuard({ allowedRegions: [] })).toThrow(/^region-lockdown: allowedRegions: /);
    expect(() => synthGuard({ allowedRegions: ['eu-west-1', 'eu-west-1'] })).toThrow('region-lockdown: allowedRegions[1]: duplicate value eu-west-1');
    expect(() => synthGuard({ ...baseSettings, scope: 'everything' as RegionLockdownScope })).toThrow(/^region-lockdown: scope: /);
    expect(() => synthGuard({ ...baseSettings, exemptPathPrefixes: ['break-glass'] })).toThrow(/exemptPathPrefixes\[0\]: must be an IAM path/);
    expect(() => synthGuard({ ...baseSettings, reconcileSchedule: 'every day' })).toThrow(/reconcileSchedule: must be an EventBridge schedule expression/);
    expect(() => synthGuard({ ...baseSettings, organizationsMode: { ...organizationsMode, targetIds: ['r-ab12'] } })).toThrow(
      /organizationsMode\.targetIds\[0\]: must be an organizational unit id/,
    );
    expect(() => synthGuard({ ...baseSettings, organizationsMode: { ...organizationsMode, managementAccountId: '1111' } })).toThrow(
      /organizationsMode\.managementAccountId: must be a 12-digit/,
    );
  });

  it("fails at synth when the service control policy would be too large, or would deny the guards' own region", () => {
    const exemptPrincipalArns = Array.from({ length: 90 }, (_, index) => `arn:aws:iam::*:role/emergency-access-role-${index}`);
    expect(() => synthGuard({ ...baseSettings, organizationsMode: { ...organizationsMode, exemptPrincipalArns } })).toThrow(
      /region-lockdown: organizationsMode: the ec2-changes service control policy is \d+ characters, but AWS Organizations allows at most 5120/,
    );
    expect(() => synthGuard({ allowedRegions: ['eu-west-1'], scope: 'all-regional', organizationsMode })).toThrow(
      'region-lockdown: organizationsMode: allowedRegions must include us-east-1, where the account-wide guards run',
    );
  });

  it('synthesizes the same Terraform as the reviewed snapshot', () => {
    expect(JSON.parse(synthGuard({ ...baseSettings, exemptPathPrefixes: ['/break-glass/'], organizationsMode }))).toMatchSnapshot();
  });
});

describe("the exported module's size check", () => {
  it("is the shared builder's size: base + length(joined regions) + 2 per region, for both scopes", () => {
    const regionLists = [['us-east-1'], ['eu-west-1', 'us-east-1'], ['ap-southeast-4', 'me-central-1', 'eu-south-2', 'il-central-1']];
    for (const scope of ['ec2-changes', 'all-regional'] as const) {
      for (const regions of regionLists) {
        expect(userDenyBaseSize(scope) + regions.join(',').length + 2 * regions.length).toBe(
          iamPolicySize(regionDenyPolicyJson({ allowedRegions: regions, scope })),
        );
      }
    }
  });
});

describe('organizations mode in the guards config', () => {
  const accounts = [
    { id: '111111111111', name: 'management' },
    { id: '222222222222', name: 'workloads' },
  ];
  const config = (regionLockdown: Json, accountGuards: Record<number, Json> = {}) => ({
    regions: ['us-east-1'],
    accounts: accounts.map((account, index) => (accountGuards[index] ? { ...account, guards: { regionLockdown: accountGuards[index] } } : account)),
    guards: { regionLockdown },
  });
  const mode = (managementAccountId: string) => ({ managementAccountId, targetIds: ['ou-ab12-cdef3456'] });

  it('accepts a management account of the config that has the guard on', () => {
    expect(configProblems(config({ allowedRegions: ['us-east-1'], organizationsMode: mode('111111111111') }))).toEqual([]);
  });

  it('refuses an account id that is not in the config: its policy would never be created', () => {
    expect(configProblems(config({ allowedRegions: ['us-east-1'], organizationsMode: mode('999999999999') }))).toEqual([
      expect.stringContaining(
        "guards.regionLockdown.organizationsMode.managementAccountId: 999999999999 is not the id of one of accounts: the service control policy is created in that account's home-region stack",
      ),
    ]);
  });

  it('refuses a management account that has the guard off, or whose own settings name another account', () => {
    expect(configProblems(config({ allowedRegions: ['us-east-1'], organizationsMode: mode('111111111111') }, { 0: { enabled: false } }))).toEqual([
      expect.stringContaining('guards.regionLockdown.organizationsMode.managementAccountId: account 111111111111 has regionLockdown switched off'),
    ]);
    expect(configProblems(config({ allowedRegions: ['us-east-1'] }, { 1: { organizationsMode: mode('111111111111') } }))).toEqual([
      expect.stringContaining(
        "accounts[1].guards.regionLockdown.organizationsMode.managementAccountId: account 111111111111's own regionLockdown settings do not name it",
      ),
    ]);
  });
});
