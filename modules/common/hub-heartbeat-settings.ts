import type { HeartbeatSettings } from './hub-config-view';

/**
 * The defaults of `hub.heartbeat`: a beat an hour per member region, an alert after three missed
 * beats in a row (three hours of silence). An hour keeps the beats of 10,000 members x 17 regions
 * at about 124 million cross-account events a month (docs/hub-mode.md, "Heartbeats").
 */
export const heartbeatDefaults: HeartbeatSettings = { intervalMinutes: 60, missedBeats: 3 };

/** The EventBridge schedule of the member beats and of the hub's check: `rate(60 minutes)`. */
export function heartbeatSchedule(settings: HeartbeatSettings): string {
  // The settings allow 5 minutes and more: always the plural unit EventBridge wants past 1.
  return `rate(${settings.intervalMinutes} minutes)`;
}
