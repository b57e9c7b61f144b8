import { PolicyStatement } from '../common/iam-policy';

/**
 * Exactly the API actions handlers/detections calls: it only publishes alerts.
 * `__tests__/modules/least-privilege.test.ts` derives the calls from the handler source and fails
 * when this list grants fewer or more.
 */
export function detectionsStatements(alertTopicArn: string): PolicyStatement[] {
  return [{ sid: 'PublishAlertsToAlertTopic', actions: ['sns:Publish'], resources: [alertTopicArn] }];
}
