/**
 * Security Hub findings (`alerts.securityHub.enabled`): the variable that switches them on for a
 * function, and the ARNs its grant names. Pure: modules/ imports it.
 */
import { optionalVariable, text } from './contract';

/**
 * The account's own product ARN, which every finding names (the "default product" of
 * https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html).
 * Set only where findings are on: a function without it imports nothing.
 */
export const securityHubProductArnVariable = /* @__PURE__ */ optionalVariable('SECURITY_HUB_PRODUCT_ARN', text);

/** The handlers that report findings: quarantine, release, the Config rules' non-compliance, high and critical detections. */
export const securityHubReportingHandlers = [
  'instance-quarantine',
  'instance-quarantine-release',
  'exposed-ports-rule',
  'inactive-user-rule',
  'detections',
] as const;

/** The handlers that resolve findings (BatchUpdateFindings of the workflow status): the release, and the Config rules when a resource is compliant again. */
export const securityHubResolvingHandlers: readonly string[] = ['instance-quarantine-release', 'exposed-ports-rule', 'inactive-user-rule'];

/** The handlers that read their open findings first (GetFindings): the Config rules, which resolve only those. */
export const securityHubReadingHandlers: readonly string[] = ['exposed-ports-rule', 'inactive-user-rule'];

export function securityHubProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** The account's hub in a region: the resource BatchUpdateFindings is authorized on. */
export function securityHubArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:hub/default`;
}
