import { writeEnvironment } from '../../handlers/common/contract';
import {
  securityHubArn,
  securityHubProductArn,
  securityHubProductArnVariable,
  securityHubReportingHandlers,
  securityHubResolvingHandlers,
} from '../../handlers/common/security-hub-contract';
import type { AlertTopic } from './alert-topic';
import { AwsEnvironment, partitionOf } from './aws-environment';
import type { PolicyStatement } from './iam-policy';

/**
 * What a guard function gets where Security Hub findings are on (`alerts.securityHub.enabled`) and
 * its handler reports findings: the product ARN variable and exactly the calls it makes, on the
 * account's own product (BatchImportFindings) and hub (BatchUpdateFindings, the release only):
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html
 */
export function securityHubFindings(props: { readonly environment: AwsEnvironment; readonly alertTopic?: AlertTopic; readonly handlerName: string }): {
  statements: PolicyStatement[];
  variables: Record<string, string>;
} {
  const { environment, handlerName } = props;
  if (!props.alertTopic?.securityHubFindings || !(securityHubReportingHandlers as readonly string[]).includes(handlerName))
    return { statements: [], variables: {} };
  const partition = partitionOf(environment);
  const productArn = securityHubProductArn(partition, environment.region, environment.accountId);
  const statements: PolicyStatement[] = [{ sid: 'ImportsFindingsToSecurityHub', actions: ['securityhub:BatchImportFindings'], resources: [productArn] }];
  if (securityHubResolvingHandlers.includes(handlerName)) {
    statements.push({
      sid: 'ResolvesOwnFindingsInSecurityHub',
      actions: ['securityhub:BatchUpdateFindings'],
      resources: [securityHubArn(partition, environment.region, environment.accountId)],
    });
  }
  return { statements, variables: writeEnvironment({ productArn: securityHubProductArnVariable }, { productArn }) };
}
