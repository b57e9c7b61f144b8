import { InvalidEventError } from '../common/errors';

/** What kind of event a Config rule's errors are about, for the log line. */
const configRuleEventKind = 'aws-config-rule';

/** The invocation is not an AWS Config rule event this handler understands. */
export class InvalidConfigEventError extends InvalidEventError {
  constructor(message: string) {
    super(message, configRuleEventKind);
    this.name = 'InvalidConfigEventError';
  }
}

/** The rule's input parameters (set on the Config rule, part of every invocation) are missing or wrong. */
export class InvalidRuleParametersError extends InvalidEventError {
  constructor(message: string) {
    super(message, configRuleEventKind);
    this.name = 'InvalidRuleParametersError';
  }
}

/** AWS Config refused some of the evaluations the handler reported. */
export class EvaluationsRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationsRejectedError';
  }
}
