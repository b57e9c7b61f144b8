import { Testing } from 'cdktf';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SgChangeAlert, SgChangeAlertSettings } from '../../modules/sg-change-alert';
import { guardWiring, resourcesOf } from '../helpers/guard-scope';

function synthSg(settings: SgChangeAlertSettings = {}): string {
  return Testing.synthScope((scope) => {
    new SgChangeAlert(scope, 'sg-change-alert', { ...guardWiring(scope), ...settings });
  });
}

function ruleOf(synthesized: string): string {
  const [rule] = resourcesOf(synthesized, 'aws_cloudwatch_event_rule');
  return String(rule.event_pattern);
}

describe('SgChangeAlert construct', () => {
  const everything = synthSg();

  // Which real events the rule lets through (every security-group call, failed ones too; no other
  // EC2 or IAM call, no sign-in) is judged by the emulator's EventBridge: __tests__/emulator/event-patterns.test.ts.
  it('sends the security-group calls of the region, failed ones too, to the formatter', () => {
    expect(JSON.parse(ruleOf(everything))).toEqual({
      source: ['aws.ec2'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['ec2.amazonaws.com'],
        eventName: [
          'AuthorizeSecurityGroupIngress',
          'AuthorizeSecurityGroupEgress',
          'RevokeSecurityGroupIngress',
          'RevokeSecurityGroupEgress',
          'ModifySecurityGroupRules',
          'CreateSecurityGroup',
          'DeleteSecurityGroup',
        ],
      },
    });
  });

  it('runs the cloudtrail-alert handler in a function of its own, invoked by its rule only', () => {
    expect(everything).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-sg-change-alert',
      environment: { variables: expect.objectContaining({ POWERTOOLS_SERVICE_NAME: 'sg-change-alert' }) },
    });
    expect(String(resourcesOf(everything, 'aws_lambda_function')[0].filename)).toMatch(/cloudtrail-alert\.zip$/);
    expect(everything).toHaveResourceWithProperties(CloudwatchEventTarget, {
      arn: expect.stringMatching(/^\$\{aws_lambda_function\.sg-change-alert_function_[0-9A-F]{8}\.arn\}$/),
    });
    expect(resourcesOf(everything, 'aws_lambda_permission')).toHaveLength(1);
    expect(everything).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'events.amazonaws.com',
      source_arn: expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.sg-change-alert_rule_[0-9A-F]{8}\.arn\}$/),
      source_account: '111122223333',
    });
  });

  it('grants its role sns:Publish on the alert topic only', () => {
    const [rolePolicy] = resourcesOf(everything, 'aws_iam_role_policy');
    const statements = JSON.parse(String(rolePolicy.policy)).Statement as { Sid: string }[];
    expect(statements.filter((statement) => !statement.Sid.startsWith('Platform'))).toEqual([
      { Sid: 'PublishAlertsToAlertTopic', Effect: 'Allow', Action: 'sns:Publish', Resource: expect.stringMatching(/^\$\{aws_sns_topic\.alerts_topic_/) },
    ]);
  });

  it('watches only the configured calls', () => {
    const pattern = ruleOf(synthSg({ eventNames: ['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules'] }));
    expect(JSON.parse(pattern).detail.eventName).toEqual(['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules']);
  });

  it('rejects bad settings at synth, naming the guard and the field', () => {
    expect(() => synthSg({ eventNames: [] })).toThrow(/^sg-change-alert: eventNames: /);
    expect(() => synthSg({ eventNames: ['CreateVpc'] } as unknown as SgChangeAlertSettings)).toThrow(/^sg-change-alert: eventNames\[0\]: /);
    expect(() => synthSg({ eventNames: ['CreateSecurityGroup', 'CreateSecurityGroup'] })).toThrow(/^sg-change-alert: eventNames: must not repeat a call/);
  });

  it('matches the snapshot', () => {
    expect(JSON.parse(everything)).toMatchSnapshot();
  });
});
