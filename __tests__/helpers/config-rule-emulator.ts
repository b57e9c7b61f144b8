/**
 * Config rule handlers on the emulator: every Config call of the handler goes to the emulator and
 * is recorded on the way (what the rule reported, which the emulator does not keep in test mode),
 * except GetComplianceDetailsByConfigRule, which moto 5.2.1 does not implement and which a test may
 * answer itself: the server logs "NotImplementedError: The get_compliance_details_by_config_rule
 * action has not been implemented" and answers HTTP 500 with an HTML page, which the SDK reports as
 * "SyntaxError: Unexpected token '<', "<!doctype "... is not valid JSON".
 */
import type * as ConfigService from '@aws-sdk/client-config-service';

export interface ConfigCallLog {
  /** The input of every PutEvaluations call the handler sent to the emulator, in order. */
  readonly putEvaluations: ConfigService.PutEvaluationsCommandInput[];
  /** Every evaluation of those calls, in order. */
  evaluations(): ConfigService.Evaluation[];
}

export interface ConfigCallOptions {
  /** The answer to GetComplianceDetailsByConfigRule (not implemented by the emulator). */
  readonly complianceDetails?: (
    input: ConfigService.GetComplianceDetailsByConfigRuleCommandInput,
  ) => ConfigService.GetComplianceDetailsByConfigRuleCommandOutput;
}

type Send = (this: unknown, command: unknown, ...rest: unknown[]) => Promise<unknown>;

/**
 * Watches the `ConfigServiceClient` of `configModule`, which must be the module instance the handler
 * loads: call it inside the `loadWithEnvironment` callback, with `require('@aws-sdk/client-config-service')`.
 */
export function watchConfigCalls(configModule: typeof ConfigService, options: ConfigCallOptions = {}): ConfigCallLog {
  const putEvaluations: ConfigService.PutEvaluationsCommandInput[] = [];
  const prototype = configModule.ConfigServiceClient.prototype as unknown as { send: Send };
  const realSend = prototype.send;
  jest.spyOn(prototype, 'send').mockImplementation(function (this: unknown, command: unknown, ...rest: unknown[]) {
    if (command instanceof configModule.PutEvaluationsCommand) putEvaluations.push(command.input);
    if (command instanceof configModule.GetComplianceDetailsByConfigRuleCommand) {
      if (!options.complianceDetails) throw new Error('GetComplianceDetailsByConfigRule is not implemented by the emulator; give the test an answer');
      return Promise.resolve(options.complianceDetails(command.input));
    }
    return realSend.call(this, command, ...rest);
  });
  return { putEvaluations, evaluations: () => putEvaluations.flatMap((input) => input.Evaluations ?? []) };
}
