import { ConfigServiceClient, GetResourceConfigHistoryCommand } from '@aws-sdk/client-config-service';
import type { ResourceType } from '@aws-sdk/client-config-service';
import { InvalidConfigEventError } from './config-rule-errors';
import { ConfigurationItem, configurationItemFromHistory } from './configuration-item';

/**
 * The latest configuration item of a resource, read from AWS Config: what an oversized change
 * notification leaves out of the event.
 */
export async function fetchConfigurationItem(config: ConfigServiceClient, resourceType: string, resourceId: string): Promise<ConfigurationItem> {
  const response = await config.send(new GetResourceConfigHistoryCommand({ resourceType: resourceType as ResourceType, resourceId, limit: 1 }));
  const [latest] = response.configurationItems ?? [];
  if (!latest) throw new InvalidConfigEventError(`AWS Config holds no configuration item for ${resourceType} ${resourceId}`);
  return configurationItemFromHistory(latest);
}
