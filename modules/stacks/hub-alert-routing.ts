import type { AlertRouting } from '../common/alert-routing';
import { hasPriorityChannel } from '../common/chat-settings';
import { hubAlertTopicArn, hubPriorityTopicArn } from '../common/hub-names';
import { hubRegionSuppressions } from '../common/stack-suppressions';
import { GuardsConfig } from '../config/guards-config';

/**
 * What every hub function of one region alerts with: the organization's one alert topic and, with
 * a priority chat channel, its priority topic (both in the home region, where the channels are);
 * the suppressions of the region, matched on the member account the event names; Security Hub
 * findings imported into the hub account's own product.
 */
export function hubAlertRouting(config: GuardsConfig, region: string): AlertRouting {
  return {
    alertTopicArn: hubAlertTopicArn(config),
    ...(hasPriorityChannel(config.alerts.chat) ? { priorityTopicArn: hubPriorityTopicArn(config) } : {}),
    suppressions: hubRegionSuppressions(config.suppressions, region),
    securityHubFindings: config.alerts.securityHub?.enabled ?? false,
  };
}
