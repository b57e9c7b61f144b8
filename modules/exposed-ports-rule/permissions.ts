import { AwsEnvironment } from '../common/aws-environment';
import { PolicyStatement } from '../common/iam-policy';

/**
 * Exactly the API actions handlers/exposed-ports-rule calls, each scoped as far as the action
 * allows. `__tests__/modules/least-privilege.test.ts` derives the calls from the handler source and
 * fails when this list grants fewer or more.
 */
export function exposedPortsRuleStatements(environment: AwsEnvironment): PolicyStatement[] {
  return [
    {
      // No resource-level permissions; the condition keeps the reads in the rule's own region.
      sid: 'ReadCurrentSecurityGroupRules',
      actions: ['ec2:DescribeSecurityGroups'],
      resources: ['*'],
      conditions: { StringEquals: { 'ec2:Region': environment.region } },
    },
    {
      // Both are wildcard-only in IAM. The history call fetches an oversized configuration item.
      sid: 'ReportEvaluationsAndReadOversizedItems',
      actions: ['config:PutEvaluations', 'config:GetResourceConfigHistory'],
      resources: ['*'],
    },
  ];
}
