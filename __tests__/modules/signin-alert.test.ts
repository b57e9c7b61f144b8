import { Testing } from 'cdktf';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogSubscriptionFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SigninAlert, SigninAlertSettings, consoleSignInFilterPattern } from '../../modules/signin-alert';
import { cloudTrailRecord } from '../helpers/cloudtrail-envelopes';
import { guardWiring, resourcesOf } from '../helpers/guard-scope';
import { matchesLogFilter } from '../../scripts/replay/log-filter-matcher';

function synthSignin(settings: SigninAlertSettings = {}): string {
  return Testing.synthScope((scope) => {
    new SigninAlert(scope, 'signin-alert', { ...guardWiring(scope), ...settings });
  });
}

describe('SigninAlert construct', () => {
  const withTrail = synthSignin({ createTrail: true });
  const existing = synthSignin({ trailLogGroupName: '/org/cloudtrail', riskySignInsOnly: true });

  it('runs the signin-alert handler with the alert topic and its option in the environment', () => {
    expect(withTrail).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-signin-alert',
      runtime: 'nodejs22.x',
      environment: {
        variables: {
          ALERT_TOPIC_ARN: expect.stringMatching(/^\$\{aws_sns_topic\.alerts_topic_[0-9A-F]{8}\.arn\}$/),
          RISKY_SIGN_INS_ONLY: 'false',
          POWERTOOLS_SERVICE_NAME: 'signin-alert',
        },
      },
    });
    expect(String(resourcesOf(withTrail, 'aws_lambda_function')[0].filename)).toMatch(/signin-alert\.zip$/);
    expect(existing).toHaveResourceWithProperties(LambdaFunction, { environment: { variables: expect.objectContaining({ RISKY_SIGN_INS_ONLY: 'true' }) } });
  });

  it('subscribes to the console sign-in records of the trail log group, after the permission exists', () => {
    expect(existing).toHaveResourceWithProperties(CloudwatchLogSubscriptionFilter, {
      name: 'test-signin-alert',
      log_group_name: '/org/cloudtrail',
      filter_pattern: '{ $.eventType = "AwsConsoleSignIn" }',
      destination_arn: expect.stringMatching(/^\$\{aws_lambda_function\.signin-alert_function_[0-9A-F]{8}\.arn\}$/),
      depends_on: [expect.stringMatching(/^aws_lambda_permission\.signin-alert_function_invoke-trail-logs_/)],
    });
  });

  it('passes every console sign-in record and no API call through its filter', () => {
    for (const name of [
      'consolelogin-iam-user-failure.json',
      'consolelogin-iam-user-success-mfa.json',
      'consolelogin-root-success-no-mfa.json',
      'signin-alert/consolelogin-sso-success.json',
    ]) {
      expect(matchesLogFilter(consoleSignInFilterPattern, cloudTrailRecord(name))).toBe(true);
    }
    for (const name of ['createuser-assumedrole.json', 'authorize-sg-ingress-console.json', 'create-security-group-terraform.json']) {
      expect(matchesLogFilter(consoleSignInFilterPattern, cloudTrailRecord(name))).toBe(false);
    }
  });

  it('lets only CloudWatch Logs of that one log group, in this account, invoke the function', () => {
    const permissions = resourcesOf(existing, 'aws_lambda_permission');
    expect(permissions).toHaveLength(1);
    expect(existing).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'logs.amazonaws.com',
      source_arn: 'arn:aws:logs:eu-west-1:111122223333:log-group:/org/cloudtrail:*',
      source_account: '111122223333',
    });
  });

  it('grants its role sns:Publish on the alert topic only, besides its own logs, queue and key', () => {
    const [rolePolicy] = resourcesOf(existing, 'aws_iam_role_policy');
    const statements = JSON.parse(String(rolePolicy.policy)).Statement as { Sid: string; Action: unknown; Resource: unknown }[];
    expect(statements.filter((statement) => !statement.Sid.startsWith('Platform'))).toEqual([
      {
        Sid: 'PublishAlertsToAlertTopic',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: expect.stringMatching(/^\$\{aws_sns_topic\.alerts_topic_[0-9A-F]{8}\.arn\}$/),
      },
    ]);
  });

  it('creates the trail only when asked, and then filters its log group by reference', () => {
    expect(existing).not.toHaveResource(Cloudtrail);
    expect(withTrail).toHaveResource(Cloudtrail);
    expect(resourcesOf(withTrail, 'aws_cloudwatch_log_subscription_filter')[0].log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.cloudtrail-log-group_/);
  });

  it('rejects bad settings at synth, naming the guard and the field', () => {
    expect(() => synthSignin({ trailLogGroupName: 'bad name!' })).toThrow(/^signin-alert: trailLogGroupName: must be a CloudWatch Logs group name/);
    expect(() => synthSignin({ trailLogRetentionDays: 2 })).toThrow(/^signin-alert: trailLogRetentionDays: /);
    expect(() => synthSignin({ alertOnly: true } as SigninAlertSettings)).toThrow(/^signin-alert: .*alertOnly/);
  });

  it('matches the snapshot', () => {
    expect(JSON.parse(withTrail)).toMatchSnapshot();
  });
});
