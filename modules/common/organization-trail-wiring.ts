import type { AlertTopic } from './alert-topic';
import type { AwsEnvironment } from './aws-environment';
import type { GuardsKey } from './guards-key';
import type { HubRegionContext } from './hub-hooks';

/** The props a trail-reading guard's standalone construct takes to read the organization trail in the hub. */
export interface OrganizationTrailWiring {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  readonly alertTopic: AlertTopic;
  readonly createTrail: false;
  readonly trailLogGroupName: string;
}

/**
 * A guard that reads CloudTrail from logs runs in the hub's home region on the organization
 * trail's log group. The config refuses such a guard without `hub.organizationTrail`, and a global
 * guard is placed in the home region only, which holds the topic: either missing is a wiring bug.
 */
export function organizationTrailWiring(guardName: string, context: HubRegionContext): OrganizationTrailWiring {
  const trail = context.hub.organizationTrail;
  if (!trail || !context.alertTopic) throw new Error(`${guardName}: hub mode needs hub.organizationTrail and runs in the home region`);
  return {
    environment: context.environment,
    namePrefix: context.config.name,
    key: context.key,
    alertTopic: context.alertTopic,
    createTrail: false,
    trailLogGroupName: trail.logGroupName,
  };
}
