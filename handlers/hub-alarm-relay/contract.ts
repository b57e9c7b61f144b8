/**
 * What the hub stack and the hub-alarm-relay function must agree on: the function's environment
 * and its service name. Pure: modules/ imports it, so no AWS SDK or logger here.
 */
import { EnvironmentValues, TextOf, alertTopicArnVariable, readEnvironment, serviceNameVariable, writeEnvironment } from '../common/contract';

/**
 * Hub mode, outside the home region: the function that turns this region's hub alarms into alerts
 * on the home region's topic. CloudWatch alarms notify only a topic of their own region, and an
 * EventBridge rule reaches another region only through a bus (a hop), so a function of the region
 * publishes across regions itself.
 */
export const hubAlarmRelayServiceName = 'hub-alarm-relay';

export const hubAlarmRelayEnvironment = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
} as const;
export type HubAlarmRelayEnvironment = EnvironmentValues<typeof hubAlarmRelayEnvironment>;

export function readHubAlarmRelayEnvironment(env: NodeJS.ProcessEnv = process.env): HubAlarmRelayEnvironment {
  return readEnvironment(hubAlarmRelayEnvironment, env);
}
export function writeHubAlarmRelayEnvironment(values: HubAlarmRelayEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(hubAlarmRelayEnvironment, values, textOf);
}
