/**
 * EventBridge refuses a rule whose event pattern is longer than 2,048 characters (the default
 * quota "Event pattern size"). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 * The emulator accepts any length.
 */
import { AwsRule, addressOf } from '../terraform-model';

export const eventPatternSizePage = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html';
export const eventPatternMaxCharacters = 2048;

export const eventPatternSize: AwsRule = (model) =>
  model
    .ofType('aws_cloudwatch_event_rule')
    .filter((rule) => typeof rule.body.event_pattern === 'string' && rule.body.event_pattern.length > eventPatternMaxCharacters)
    .map((rule) => ({
      resource: addressOf(rule),
      message: `${addressOf(rule)}: its event pattern is ${String(rule.body.event_pattern).length} characters, EventBridge allows ${eventPatternMaxCharacters}: ${eventPatternSizePage}`,
    }));
