import { AlertContent } from '../common/alert-format';
import { tamperAlertServiceName } from './contract';

/**
 * The hub's tamper-alert function: every call it reports changed (or tried to change) a guard's own
 * resource in a member, so the alert says so first. Other guards' alerts stay as they are. Pure.
 */
export function withTamperMarker(content: AlertContent, serviceName: string): AlertContent {
  if (serviceName !== tamperAlertServiceName) return content;
  return {
    ...content,
    markers: ['GUARD TAMPERING', ...content.markers],
    summary: `A security guard's own resource was changed: if this was not a planned deploy, the guards may be disarmed. ${content.summary}`,
  };
}
