import { priorityAlertTopicArnVariable, writeEnvironment } from '../../handlers/common/contract';
import { AlertRouting, publishesAlerts } from './alert-routing';
import type { PolicyStatement } from './iam-policy';

/**
 * A function that publishes alerts also publishes the priority ones to the priority topic, where
 * the stack (or the hub) has one (a chat channel with `priority: true`): the variable that names it
 * and the one grant. Only a function whose role already publishes to the alert topic gets them, so
 * that a function that never alerts (a Config rule) gains no publish right.
 */
export function priorityAlerts(props: { readonly routing?: AlertRouting; readonly statements: readonly PolicyStatement[] }): {
  statements: PolicyStatement[];
  variables: Record<string, string>;
} {
  const { routing } = props;
  const priorityTopicArn = routing?.priorityTopicArn;
  if (!routing || !priorityTopicArn || !publishesAlerts(routing, props.statements)) return { statements: [], variables: {} };
  return {
    statements: [{ sid: 'PublishesPriorityAlerts', actions: ['sns:Publish'], resources: [priorityTopicArn] }],
    variables: writeEnvironment({ priorityTopicArn: priorityAlertTopicArnVariable }, { priorityTopicArn }),
  };
}
