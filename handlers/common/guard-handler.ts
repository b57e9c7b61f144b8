/**
 * The one shape of every guard's Lambda entry (docs/architecture.md, "Handler layers"): read the settings (the
 * contract), parse the event (adapter), then decide, act and report (the guard's own code). Here,
 * once: the Lambda context goes into the Powertools logger, and a malformed event is logged with its
 * kind and thrown (Lambda retries, then keeps it in the failure queue, whose alarm notifies).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { InvalidEventError } from './errors';
import { RuntimeTamperedError, assertUntamperedRuntime } from './runtime-integrity';

export interface GuardHandlerDefinition<Settings, Input, Result> {
  readonly logger: Logger;
  /**
   * Reads what the function must know before the event: its environment (through its contract)
   * and, where a refusal must be reported, where it acts. Runs first, so that a bad environment
   * fails every invocation alike.
   */
  readonly settings: (event: unknown) => Settings | Promise<Settings>;
  /** Adapter: the event as the guard's input. Throws {@link InvalidEventError} for a malformed one. */
  readonly parse: (event: unknown, settings: Settings) => Input;
  /** Decision, effect and report: decides (pure), acts, publishes what a person must know, returns the outcome. */
  readonly handle: (input: Input, settings: Settings, context: Partial<Context> | undefined) => Promise<Result>;
}

/** The Lambda handler of a guard; `context` is Lambda's (tests may pass a part of it, or none). */
export type GuardHandler<Result> = (event: unknown, context?: Partial<Context>) => Promise<Result>;

export function guardHandler<Settings, Input, Result>(definition: GuardHandlerDefinition<Settings, Input, Result>): GuardHandler<Result> {
  return async (event, context) => {
    // Only a real invocation context (it carries a request id) is put into every log line.
    if (context?.awsRequestId !== undefined) definition.logger.addContext(context as Context);
    try {
      assertUntamperedRuntime();
    } catch (error) {
      if (error instanceof RuntimeTamperedError) definition.logger.error('runtime reconfigured', { problem: error.message });
      throw error;
    }
    const settings = await definition.settings(event);
    let input: Input;
    try {
      input = definition.parse(event, settings);
    } catch (error) {
      if (error instanceof InvalidEventError) definition.logger.error('invalid event', { eventKind: error.eventKind, problem: error.message });
      throw error;
    }
    return definition.handle(input, settings, context);
  };
}
