import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { ChangeInvocation, OversizedChangeInvocation } from './config-event';
import { ConfigurationItem, inapplicableReason } from './configuration-item';
import { fetchConfigurationItem } from './oversized-item';
import { ResourceEvaluation, verdict } from './verdict';

/** The changed resource to judge, or the NOT_APPLICABLE evaluation when there is nothing to judge. */
export type ChangedItem =
  { readonly applicable: true; readonly item: ConfigurationItem } | { readonly applicable: false; readonly evaluation: ResourceEvaluation };

function notApplicable(resourceType: string, resourceId: string, orderingTimestamp: Date, reason: string): ChangedItem {
  return {
    applicable: false,
    evaluation: { resourceType, resourceId, orderingTimestamp, ...verdict('NOT_APPLICABLE', `${resourceType} ${resourceId} ${reason}`) },
  };
}

/**
 * The configuration item of a change notification: from the event, or read from AWS Config when
 * it was too large for the event. Deleted, unrecorded and out-of-scope resources, and resources
 * of types the rule does not evaluate, become NOT_APPLICABLE without any call.
 */
export async function changedItem(
  invocation: ChangeInvocation | OversizedChangeInvocation,
  evaluatedTypes: readonly string[],
  config: ConfigServiceClient,
): Promise<ChangedItem> {
  const { resourceType, resourceId, status, captureTime } =
    invocation.kind === 'change'
      ? {
          resourceType: invocation.item.resourceType,
          resourceId: invocation.item.resourceId,
          status: invocation.item.status,
          captureTime: invocation.item.captureTime,
        }
      : invocation;
  const reason = inapplicableReason(status, invocation.eventLeftScope);
  if (reason) return notApplicable(resourceType, resourceId, captureTime, reason);
  if (!evaluatedTypes.includes(resourceType))
    return notApplicable(resourceType, resourceId, captureTime, `is of a type this rule does not evaluate (only ${evaluatedTypes.join(', ')})`);
  const item = invocation.kind === 'change' ? invocation.item : await fetchConfigurationItem(config, resourceType, resourceId);
  return { applicable: true, item };
}
