import type { Suppression } from '../../handlers/common/suppression';

/**
 * Where an alerting function's alerts go besides its topic, and what they are checked against: the
 * priority topic (a chat channel with `priority: true`), the config's suppressions that apply where
 * the function runs, and whether reporting functions import Security Hub findings. A standalone
 * stack's come from its AlertTopic (`AlertTopic.routing`); the hub's are the organization's, the
 * same in every hub region (modules/stacks/hub-alert-routing.ts).
 */
export interface AlertRouting {
  /** The alert topic: a function whose role publishes to it is an alerting function. */
  readonly alertTopicArn: string;
  /** The priority topic, where one exists. */
  readonly priorityTopicArn?: string;
  /** The suppressions that apply where the function runs (each function gets those of its guard). */
  readonly suppressions: readonly Suppression[];
  /** alerts.securityHub.enabled. */
  readonly securityHubFindings: boolean;
}

/** Whether `statements` publish to the routing's alert topic: only such a function gets the alert extras. */
export function publishesAlerts(
  routing: AlertRouting,
  statements: readonly { readonly actions: readonly string[]; readonly resources: readonly string[] }[],
): boolean {
  return statements.some((statement) => statement.actions.includes('sns:Publish') && statement.resources.includes(routing.alertTopicArn));
}
