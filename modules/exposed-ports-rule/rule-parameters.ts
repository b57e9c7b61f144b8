/** A port (`22`) or an inclusive range (`'1000-2000'`). */
export type PortSpec = number | string;

/** A security group that may expose a forbidden port to the internet on purpose, e.g. a bastion's SSH. */
export interface AllowedException {
  /** The group, e.g. `sg-0123456789abcdef0`. */
  readonly groupId: string;
  /** The port or range it may expose. */
  readonly port: PortSpec;
}

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
