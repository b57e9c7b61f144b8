import type { AllowedException, PortSpec } from './settings';

/**
 * The Config rule's input parameters as JSON text. Every value is a string (what the Config
 * console shows and edits): lists are comma-separated, an exception is `<group id>:<port or range>`.
 *
 * @example
 * exposedPortsRuleParameters({ forbiddenPorts: [22, '1000-2000'], allowedExceptions: [{ groupId: 'sg-0123abcd', port: 22 }] })
 * // '{"forbiddenPorts":"22,1000-2000","allowedExceptions":"sg-0123abcd:22"}'
 */
export function exposedPortsRuleParameters(settings: {
  readonly forbiddenPorts: readonly PortSpec[];
  readonly allowedExceptions: readonly AllowedException[];
}): string {
  return JSON.stringify({
    forbiddenPorts: settings.forbiddenPorts.map(String).join(','),
    ...(settings.allowedExceptions.length > 0
      ? { allowedExceptions: settings.allowedExceptions.map((exception) => `${exception.groupId}:${exception.port}`).join(',') }
      : {}),
  });
}
