import { Testing } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchLogSubscriptionFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SsmAssociation } from '@cdktf/provider-aws/lib/ssm-association';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { InstanceQuarantine, InstanceQuarantineSettings } from '../../modules/instance-quarantine';
import { guardWiring, resourcesOf } from '../helpers/guard-scope';

/** A Terraform reference to an attribute of the resource whose logical id starts with `idPrefix`. */
function ref(type: string, idPrefix: string, attribute: string): unknown {
  return expect.stringMatching(new RegExp(`^\\$\\{${type}\\.${idPrefix}_[0-9A-F]{8}\\.${attribute}\\}$`));
}

const watchedInstance = { instanceId: 'i-0123456789abcdef0', logGroupName: '/app/web-01' };

function synthQuarantine(settings: InstanceQuarantineSettings = {}): string {
  return Testing.synthScope((scope) => {
    new InstanceQuarantine(scope, 'instance-quarantine', { ...guardWiring(scope), ...settings });
  });
}

describe('InstanceQuarantine construct', () => {
  const everything = synthQuarantine({ alarmInstances: [watchedInstance], agentSetup: true });

  it('runs the built handler on nodejs22.x with its settings in the environment', () => {
    expect(everything).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-instance-quarantine',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      environment: {
        variables: expect.objectContaining({
          DRY_RUN: 'false',
          SNAPSHOT_VOLUMES: 'true',
          FLEET_THRESHOLD: '5',
          GUARDDUTY_MIN_SEVERITY: '7',
          EXEMPT_TAG_KEY: 'guards:quarantine-exempt',
          ISOLATION_GROUP_NAME: 'test-quarantine-isolation',
          ALARM_NAME_PREFIX: 'test-quarantine-',
        }),
      },
    });
    const [fn] = resourcesOf(everything, 'aws_lambda_function');
    expect(String(fn.filename)).toMatch(/instance-quarantine\.zip$/);
    expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('sends events that still fail after two retries to an encrypted failure queue, and alarms on it', () => {
    expect(everything).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
      maximum_retry_attempts: 2,
      destination_config: { on_failure: { destination: ref('aws_sqs_queue', 'instance-quarantine_function_failure-queue', 'arn') } },
    });
    expect(everything).toHaveResourceWithProperties(SqsQueue, {
      name: 'test-instance-quarantine-failures',
      kms_master_key_id: ref('aws_kms_key', 'key', 'arn'),
    });
    expect(everything).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'test-instance-quarantine-failed-events',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'test-instance-quarantine-failures' },
      alarm_actions: [ref('aws_sns_topic', 'alerts_topic', 'arn')],
    });
    expect(everything).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'test-instance-quarantine-errors',
      metric_name: 'Errors',
      namespace: 'AWS/Lambda',
    });
    expect(everything).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/test-instance-quarantine',
      kms_key_id: ref('aws_kms_key', 'key', 'arn'),
      retention_in_days: 365,
    });
  });

  it('wires the classic alarm flow: metric named after the instance, alarm, topic, filtered subscription', () => {
    expect(everything).toHaveResourceWithProperties(CloudwatchLogMetricFilter, {
      log_group_name: ref('aws_cloudwatch_log_group', 'instance-quarantine_alarm-log-group-i-0123456789abcdef0', 'name'),
      pattern: '401',
      metric_transformation: expect.objectContaining({ name: 'i-0123456789abcdef0', namespace: 'SecurityGuards/InstanceQuarantine' }),
    });
    expect(everything).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'test-quarantine-i-0123456789abcdef0',
      metric_name: 'i-0123456789abcdef0',
      threshold: 5,
      treat_missing_data: 'notBreaching',
      // The handler acts only on an alarm with the guards' tag (issue 19).
      tags: { 'guards:managed-by': 'instance-quarantine' },
    });
    expect(everything).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'lambda',
      filter_policy_scope: 'MessageBody',
      filter_policy: JSON.stringify({ AlarmName: ['test-quarantine-i-0123456789abcdef0'] }),
    });
    expect(everything).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'sns.amazonaws.com',
      source_arn: ref('aws_sns_topic', 'alerts_topic', 'arn'),
      source_account: '111122223333',
    });
  });

  it('wires the fleet flow: a subscription filter whose permission is scoped to the log group', () => {
    expect(everything).toHaveResourceWithProperties(CloudwatchLogSubscriptionFilter, {
      filter_pattern: '401',
      log_group_name: ref('aws_cloudwatch_log_group', 'instance-quarantine_fleet-log-group', 'name'),
    });
    expect(everything).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'logs.amazonaws.com',
      source_arn: 'arn:aws:logs:eu-west-1:111122223333:log-group:/guards/instance-quarantine/application:*',
      source_account: '111122223333',
    });
  });

  it('wires GuardDuty findings about instances at or above the minimum severity', () => {
    const [rule] = resourcesOf(everything, 'aws_cloudwatch_event_rule');
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      // AccessKey: GuardDuty's stolen instance credential findings name the instance in the role session.
      detail: { resource: { resourceType: ['Instance', 'AccessKey'] }, severity: [{ numeric: ['>=', 7] }] },
    });
    expect(everything).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'events.amazonaws.com',
      source_arn: ref('aws_cloudwatch_event_rule', 'instance-quarantine_guardduty-rule', 'arn'),
    });
  });

  it('sets up the CloudWatch agent through SSM on tagged instances, one stream per instance id, run as cwagent', () => {
    const [parameter] = resourcesOf(everything, 'aws_ssm_parameter');
    // Outside AmazonCloudWatch-*, which every CloudWatch agent policy holder may write.
    expect(parameter.name).toBe('test-instance-quarantine-cloudwatch-agent');
    const agentConfig = JSON.parse(String(parameter.value));
    expect(agentConfig.agent).toEqual({ run_as_user: 'cwagent' });
    expect(agentConfig.logs.logs_collected.files.collect_list).toEqual([
      {
        file_path: '/home/ec2-user/record.log',
        log_group_name: '/guards/instance-quarantine/application',
        log_stream_name: '{instance_id}',
        retention_in_days: 90,
      },
    ]);
    expect(everything).toHaveResourceWithProperties(SsmAssociation, {
      name: 'AWS-ConfigureAWSPackage',
      targets: [{ key: 'tag:guards:cloudwatch-agent', values: ['enabled'] }],
    });
    expect(everything).toHaveResourceWithProperties(SsmAssociation, {
      name: 'AmazonCloudWatch-ManageAgent',
      parameters: expect.objectContaining({ optionalConfigurationLocation: 'test-instance-quarantine-cloudwatch-agent' }),
    });
  });

  it("gives the agent's instances a managed policy that reads exactly the agent parameter", () => {
    const readPolicy = resourcesOf(everything, 'aws_iam_policy').find((policy) => String(policy.name).includes('cloudwatch-agent-read'));
    expect(JSON.parse(String(readPolicy?.policy))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadGuardAgentConfiguration',
          Effect: 'Allow',
          Action: 'ssm:GetParameter',
          Resource: expect.stringMatching(/^arn:aws:ssm:[a-z0-9-]+:\d{12}:parameter\/test-instance-quarantine-cloudwatch-agent$/),
        },
      ],
    });
  });

  it('lets only its own alarms publish to the encrypted alert topic, over TLS only', () => {
    expect(everything).toHaveResourceWithProperties(SnsTopic, { kms_master_key_id: ref('aws_kms_key', 'key', 'arn') });
    const [topicPolicy] = resourcesOf(everything, 'aws_sns_topic_policy');
    const policy = JSON.parse(String(topicPolicy.policy));
    const alarms = policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'GuardAlarmsPublish');
    expect(alarms.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(alarms.Condition).toEqual({
      ArnEquals: {
        'aws:SourceArn': [
          'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:test-instance-quarantine-errors',
          'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:test-instance-quarantine-failed-events',
          'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:test-instance-quarantine-release-errors',
          'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:test-instance-quarantine-release-failed-events',
          'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:test-quarantine-i-0123456789abcdef0',
        ],
      },
      StringEquals: { 'aws:SourceAccount': '111122223333' },
    });
    const deny = policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'DenyInsecureTransport');
    expect(deny).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('leaves out every trigger that is switched off', () => {
    const none = synthQuarantine({ alarmInstances: [watchedInstance], alarmTrigger: false, fleetTrigger: false, guardDutyTrigger: false });
    expect(none).not.toHaveResource(CloudwatchLogSubscriptionFilter);
    expect(none).not.toHaveResource(CloudwatchEventRule);
    expect(none).not.toHaveResource(CloudwatchLogMetricFilter);
    expect(none).not.toHaveResource(LambdaPermission);
    expect(resourcesOf(none, 'aws_sns_topic_subscription').map((subscription) => subscription.protocol)).toEqual(['email']);
    expect(none).not.toHaveResource(SsmParameter);
    expect(none).toHaveResource(LambdaFunction);
  });

  it('uses existing log groups when asked not to create them', () => {
    const existing = synthQuarantine({ alarmInstances: [watchedInstance], createLogGroups: false });
    const groups = resourcesOf(existing, 'aws_cloudwatch_log_group').map((group) => group.name);
    expect(groups).toEqual(['/aws/lambda/test-instance-quarantine', '/aws/lambda/test-instance-quarantine-release']);
    expect(existing).toHaveResourceWithProperties(CloudwatchLogSubscriptionFilter, { log_group_name: '/guards/instance-quarantine/application' });
  });

  it('keeps the prior state in an encrypted table whose policy denies item writes to all but the guard roles and the deployer', () => {
    const withDeployer = Testing.synthScope((scope) => {
      new InstanceQuarantine(scope, 'instance-quarantine', { ...guardWiring(scope), deployerRoleArn: 'arn:aws:iam::111122223333:role/deployer' });
    });
    expect(withDeployer).toHaveResourceWithProperties(DynamodbTable, {
      name: 'test-quarantine-state',
      hash_key: 'pk',
      billing_mode: 'PAY_PER_REQUEST',
      server_side_encryption: { enabled: true, kms_key_arn: ref('aws_kms_key', 'key', 'arn') },
      point_in_time_recovery: { enabled: true },
    });
    const [tablePolicy] = resourcesOf(withDeployer, 'aws_dynamodb_resource_policy');
    expect(tablePolicy.resource_arn).toEqual(ref('aws_dynamodb_table', 'instance-quarantine_state-table', 'arn'));
    expect(JSON.parse(String(tablePolicy.policy)).Statement).toEqual([
      {
        Sid: 'OnlyTheGuardWritesItsState',
        Effect: 'Deny',
        Principal: '*',
        Action: [
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:PartiQLInsert',
          'dynamodb:PartiQLUpdate',
          'dynamodb:PartiQLDelete',
        ],
        Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/test-quarantine-state',
        Condition: {
          ArnNotEquals: {
            'aws:PrincipalArn': [
              'arn:aws:iam::111122223333:role/test-instance-quarantine',
              'arn:aws:iam::111122223333:role/test-instance-quarantine-release',
              'arn:aws:iam::111122223333:role/deployer',
            ],
          },
        },
      },
      {
        Sid: 'OnlyApproversWriteApprovals',
        Effect: 'Deny',
        Principal: '*',
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'],
        Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/test-quarantine-state',
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['release-approval#*'] } },
      },
      {
        Sid: 'OnlyTheDeployerChangesTheTableOrItsPolicy',
        Effect: 'Deny',
        Principal: '*',
        Action: ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:DeleteTable'],
        Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/test-quarantine-state',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/deployer' } },
      },
    ]);
  });

  it('lets the configured approvers write approvals and nothing else, and tells the release function who they are', () => {
    const approver = 'arn:aws:iam::111122223333:role/security/oncall';
    const configured = synthQuarantine({ releaseApprovers: [approver], releaseApprovalMaxAgeMinutes: 30 });
    const statements = JSON.parse(String(resourcesOf(configured, 'aws_dynamodb_resource_policy')[0].policy)).Statement as {
      Sid: string;
      Condition: Record<string, Record<string, unknown>>;
    }[];
    expect(statements.map((statement) => statement.Sid)).toEqual([
      'OnlyTheGuardWritesItsState',
      'ApproversWriteOnlyApprovals',
      'ApproversNameTheKeyTheyWrite',
      'OnlyApproversWriteApprovals',
    ]);
    expect(statements[0].Condition.ArnNotEquals['aws:PrincipalArn']).toContain(approver);
    expect(statements[1].Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': [approver] },
      'ForAnyValue:StringNotLike': { 'dynamodb:LeadingKeys': ['release-approval#*'] },
    });
    expect(statements[2].Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': [approver] }, Null: { 'dynamodb:LeadingKeys': 'true' } });
    expect(statements[3].Condition).toEqual({
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['release-approval#*'] },
      ArnNotEquals: { 'aws:PrincipalArn': [approver] },
    });
    expect(configured).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-instance-quarantine-release',
      environment: { variables: expect.objectContaining({ RELEASE_APPROVERS: approver, RELEASE_APPROVAL_MAX_AGE_MINUTES: '30' }) },
    });
  });

  it("rejects approvers that are not plain role or user ARNs of the table's account, or that are the guard's own roles", () => {
    expect(() => synthQuarantine({ releaseApprovers: ['arn:aws:sts::111122223333:assumed-role/oncall/alice'] })).toThrow(
      'instance-quarantine: releaseApprovers[0]: must be the ARN of an IAM role or user',
    );
    expect(() => synthQuarantine({ releaseApprovers: ['arn:aws:iam::111122223333:role/*'] })).toThrow(
      'releaseApprovers[0]: must be the ARN of an IAM role or user',
    );
    expect(() => synthQuarantine({ releaseApprovers: ['arn:aws:iam::999999999999:role/oncall'] })).toThrow(
      'instance-quarantine: releaseApprovers[0]: arn:aws:iam::999999999999:role/oncall is in account 999999999999; approvers must be roles or users of account 111122223333',
    );
    expect(() => synthQuarantine({ releaseApprovers: ['arn:aws:iam::111122223333:role/test-instance-quarantine-release'] })).toThrow(
      'is a role of the guard itself',
    );
    expect(() => synthQuarantine({ releaseApprovers: ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/alice'] })).toThrow(
      'releaseApprovers[1]: duplicate approver',
    );
  });

  it('revokes credentials with a Terraform-managed deny policy, never free text', () => {
    const policy = resourcesOf(everything, 'aws_iam_policy').find((candidate) => String(candidate.name).includes('revoke'))!;
    expect(policy.name).toBe('test-quarantine-revoke-instance-sessions-eu-west-1');
    expect(JSON.parse(String(policy.policy)).Statement).toEqual([
      { Sid: 'DenyInstanceDeliveredSessions', Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'ec2:SourceInstanceARN': 'false' } } },
    ]);
    const quarantineRole = JSON.parse(String(resourcesOf(everything, 'aws_iam_role_policy').find((p) => p.name === 'test-instance-quarantine')!.policy));
    const attach = quarantineRole.Statement.find((statement: { Sid: string }) => statement.Sid === 'AttachRevocationDenyOnly');
    expect(attach.Condition).toEqual({ ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::111122223333:policy/test-quarantine-revoke-instance-sessions-eu-west-1' } });
    const actions = quarantineRole.Statement.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
    expect(actions).not.toContain('iam:PutRolePolicy');
    expect(actions).not.toContain('iam:PassRole');
    expect(actions).not.toContain('ec2:AssociateIamInstanceProfile');
  });

  it('runs release as a function of its own, told where the state and the deny policy are', () => {
    expect(everything).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-instance-quarantine-release',
      environment: {
        variables: expect.objectContaining({
          STATE_TABLE_NAME: ref('aws_dynamodb_table', 'instance-quarantine_state-table', 'name'),
          REVOCATION_POLICY_ARN: ref('aws_iam_policy', 'instance-quarantine_revocation-policy', 'arn'),
        }),
      },
    });
    const release = resourcesOf(everything, 'aws_lambda_function').find((fn) => fn.function_name === 'test-instance-quarantine-release')!;
    expect(String(release.filename)).toMatch(/instance-quarantine-release\.zip$/);
  });

  it('passes the exemptions, the Auto Scaling choice and the fleet limit from the config only', () => {
    const configured = synthQuarantine({
      exemptInstanceIds: ['i-0123456789abcdef0', 'i-0fedcba9876543210'],
      autoScalingAction: 'standby',
      fleetMaxQuarantinesPerHour: 3,
    });
    expect(configured).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-instance-quarantine',
      environment: {
        variables: expect.objectContaining({
          EXEMPT_INSTANCE_IDS: 'i-0123456789abcdef0,i-0fedcba9876543210',
          TRUST_EXEMPT_TAG: 'false',
          AUTO_SCALING_ACTION: 'standby',
          FLEET_MAX_QUARANTINES_PER_HOUR: '3',
        }),
      },
    });
    expect(() => synthQuarantine({ exemptInstanceIds: ['web-01'] })).toThrow(/instance-quarantine: exemptInstanceIds\[0\]: must be an EC2 instance id/);
    expect(() => synthQuarantine({ autoScalingAction: 'terminate' as 'detach' })).toThrow(/instance-quarantine: autoScalingAction: /);
    expect(() => synthQuarantine({ fleetMaxQuarantinesPerHour: 0 })).toThrow(/instance-quarantine: fleetMaxQuarantinesPerHour: /);
  });

  it('tells the function its trigger gates: the alarmed instances, the per-account limit and the GuardDuty type lists', () => {
    expect(everything).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-instance-quarantine',
      environment: { variables: expect.objectContaining({ ALARMED_INSTANCES: 'i-0123456789abcdef0', MAX_QUARANTINES_PER_HOUR: '20' }) },
    });
    const gated = synthQuarantine({
      alarmTrigger: false,
      alarmInstances: [watchedInstance],
      maxQuarantinesPerHour: 4,
      guardDutyActOnTypes: ['Backdoor:EC2/*'],
      guardDutyApprovalTypes: [],
      guardDutyNotifyTypes: ['Recon:*'],
    });
    expect(gated).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-instance-quarantine',
      environment: {
        variables: expect.objectContaining({
          // The alarm flow off: no alarm may quarantine.
          ALARMED_INSTANCES: '',
          MAX_QUARANTINES_PER_HOUR: '4',
          GUARDDUTY_ACT_ON_TYPES: 'Backdoor:EC2/*',
          GUARDDUTY_APPROVAL_TYPES: '',
          GUARDDUTY_NOTIFY_TYPES: 'Recon:*',
        }),
      },
    });
    expect(() => synthQuarantine({ guardDutyActOnTypes: ['Backdoor:EC2/*,Trojan:*'] })).toThrow(
      /instance-quarantine: guardDutyActOnTypes\[0\]: must be a GuardDuty finding type/,
    );
    expect(() => synthQuarantine({ guardDutyActOnTypes: ['*Backdoor'] })).toThrow(/instance-quarantine: guardDutyActOnTypes\[0\]: /);
    expect(() => synthQuarantine({ maxQuarantinesPerHour: 0 })).toThrow(/instance-quarantine: maxQuarantinesPerHour: /);
  });

  it("reserves concurrency for the quarantine function (10 by default), within Lambda's 1 to 900", () => {
    const reservedOf = (synthesized: string) =>
      Object.values(JSON.parse(synthesized).resource.aws_lambda_function as Record<string, Record<string, unknown>>).map((fn) => [
        fn.function_name,
        fn.reserved_concurrent_executions,
      ]);
    // The release function keeps the account's unreserved pool.
    expect(reservedOf(synthQuarantine())).toEqual([
      ['test-instance-quarantine', 10],
      ['test-instance-quarantine-release', undefined],
    ]);
    expect(reservedOf(synthQuarantine({ reservedConcurrency: 50 }))[0]).toEqual(['test-instance-quarantine', 50]);
    expect(() => synthQuarantine({ reservedConcurrency: 0 })).toThrow(/instance-quarantine: reservedConcurrency: /);
    expect(() => synthQuarantine({ reservedConcurrency: 901 })).toThrow(/instance-quarantine: reservedConcurrency: /);
    expect(() => synthQuarantine({ reservedConcurrency: 2.5 })).toThrow(/instance-quarantine: reservedConcurrency: /);
  });

  it('touches network ACLs only with networkAclDeny: the setting, its range, and the NACL permissions of both roles', () => {
    const roleActions = (synthesized: string, functionName: string) =>
      (
        JSON.parse(String(resourcesOf(synthesized, 'aws_iam_role_policy').find((policy) => policy.name === functionName)!.policy)).Statement as {
          Action: string | string[];
          Resource: string | string[];
        }[]
      ).filter((statement) => [statement.Action].flat().some((action) => action.includes('NetworkAcl')));
    for (const functionName of ['test-instance-quarantine', 'test-instance-quarantine-release']) expect(roleActions(everything, functionName)).toEqual([]);
    expect(everything).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-instance-quarantine',
      environment: { variables: expect.objectContaining({ NETWORK_ACL_DENY: 'false', NETWORK_ACL_RULE_FROM: '1', NETWORK_ACL_RULE_TO: '20' }) },
    });
    const configured = synthQuarantine({ networkAclDeny: true, networkAclRuleNumbers: { from: 50, to: 59 } });
    expect(configured).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-instance-quarantine',
      environment: { variables: expect.objectContaining({ NETWORK_ACL_DENY: 'true', NETWORK_ACL_RULE_FROM: '50', NETWORK_ACL_RULE_TO: '59' }) },
    });
    const networkAcls = expect.stringMatching(/^arn:aws:ec2:[a-z0-9-]+:111122223333:network-acl\/\*$/);
    expect(roleActions(configured, 'test-instance-quarantine')).toEqual([
      expect.objectContaining({ Action: 'ec2:CreateNetworkAclEntry', Resource: networkAcls }),
      expect.objectContaining({ Action: 'ec2:DescribeNetworkAcls', Resource: '*' }),
    ]);
    expect(roleActions(configured, 'test-instance-quarantine-release')).toEqual([
      expect.objectContaining({ Action: 'ec2:DeleteNetworkAclEntry', Resource: networkAcls }),
      expect.objectContaining({ Action: 'ec2:DescribeNetworkAcls', Resource: '*' }),
    ]);
    expect(() => synthQuarantine({ networkAclDeny: true, networkAclRuleNumbers: { from: 20, to: 10 } })).toThrow(
      /instance-quarantine: networkAclRuleNumbers\.from: from must not be greater than to/,
    );
    expect(() => synthQuarantine({ networkAclRuleNumbers: { from: 0, to: 10 } })).toThrow(/instance-quarantine: networkAclRuleNumbers\.from: /);
    expect(() => synthQuarantine({ networkAclRuleNumbers: { from: 1, to: 32767 } })).toThrow(/instance-quarantine: networkAclRuleNumbers\.to: /);
  });

  it('rejects bad settings at synth, naming the guard and the field', () => {
    expect(() => synthQuarantine({ fleetThreshold: 0 })).toThrow(/^instance-quarantine: fleetThreshold: /);
    expect(() => synthQuarantine({ guardDutyMinSeverity: 11 })).toThrow(/instance-quarantine: guardDutyMinSeverity: /);
    expect(() => synthQuarantine({ alarmInstances: [{ instanceId: 'web-01', logGroupName: '/app/web' }] })).toThrow(
      /instance-quarantine: alarmInstances\[0\]\.instanceId: must be an EC2 instance id/,
    );
    expect(() => synthQuarantine({ alarmInstances: [{ instanceId: 'i-0123456789abcdef0', logGroupName: '/guards/instance-quarantine/application' }] })).toThrow(
      /alarmInstances\[0\]\.logGroupName: .*needs a log group of its own/,
    );
    expect(() => synthQuarantine({ fleetTreshold: 3 } as InstanceQuarantineSettings)).toThrow(/instance-quarantine: fleetTreshold: unknown key/);
  });

  it('synthesizes the same Terraform as the reviewed snapshot', () => {
    expect(JSON.parse(everything)).toMatchSnapshot();
  });
});
