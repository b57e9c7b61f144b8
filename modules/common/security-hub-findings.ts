import { writeEnvironment } from '../../handlers/common/contract';
import {
  securityHubArn,
  securityHubProductArn,
  securityHubProductArnVariable,
  securityHubReadingHandlers,
  securityHubReportingHandlers,
  securityHubResolvingHandlers,
} from '../../handlers/common/security-hub-contract';
import type { AlertRouting } from './alert-routing';
import { AwsEnvironment, partitionOf } from './aws-environment';
import type { PolicyStatement } from './iam-policy';

/**
 * What a guard function gets where Security Hub findings are on (`alerts.securityHub.enabled`) and
 * its handler reports findings: the product ARN variable and exactly the calls it makes, on the
 * function's own account's product (BatchImportFindings) and hub (GetFindings, BatchUpdateFindings: the release, and the Config rules resolving what is compliant again).
 * A hub function imports into the hub account's product too: with the default product ARN, the
 * caller must be the finding's AwsAccountId (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html),
 * so the member account is named in the finding's id, resource and ProductFields instead
 * (handlers/common/security-hub-finding.ts). Actions:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html
 */
export function securityHubFindings(props: { readonly environment: AwsEnvironment; readonly routing?: AlertRouting; readonly handlerName: string }): {
  statements: PolicyStatement[];
  variables: Record<string, string>;
} {
  const { environment, handlerName } = props;
  if (!props.routing?.securityHubFindings || !(securityHubReportingHandlers as readonly string[]).includes(handlerName))
    return { statements: [], variables: {} };
  const partition = partitionOf(environment);
  const productArn = securityHubProductArn(partition, environment.region, environment.accountId);
  const statements: PolicyStatement[] = [{ sid: 'ImportsFindingsToSecurityHub', actions: ['securityhub:BatchImportFindings'], resources: [productArn] }];
  const hubArn = securityHubArn(partition, environment.region, environment.accountId);
  if (securityHubReadingHandlers.includes(handlerName)) {
    statements.push({ sid: 'ReadsOwnOpenFindingsInSecurityHub', actions: ['securityhub:GetFindings'], resources: [hubArn] });
  }
  if (securityHubResolvingHandlers.includes(handlerName)) {
    statements.push({ sid: 'ResolvesOwnFindingsInSecurityHub', actions: ['securityhub:BatchUpdateFindings'], resources: [hubArn] });
  }
  return { statements, variables: writeEnvironment({ productArn: securityHubProductArnVariable }, { productArn }) };
}
