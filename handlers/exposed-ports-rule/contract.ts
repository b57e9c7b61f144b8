/**
 * What the exposed-ports-rule constructs (standalone and hub) and the function must agree on: the
 * Config rule's input parameters, written by {@link exposedPortsRuleParameters} and read by
 * {@link parseForbiddenPortsPolicy}. Pure: modules/ imports it, so no AWS SDK or logger here.
 */
import { InvalidRuleParametersError } from '../config-rule/config-rule-errors';
import { PortRange, parsePortRange } from './port-ranges';

/** A port (`22`) or an inclusive range (`'1000-2000'`). */
export type PortSpec = number | string;

/** A security group that may expose a forbidden port to the internet on purpose, e.g. a bastion's SSH. */
export interface AllowedException {
  /** The group, e.g. `sg-0123456789abcdef0`. */
  readonly groupId: string;
  /** The port or range it may expose. */
  readonly port: PortSpec;
}

/** What the rule forbids, read from its input parameters: each exception's port as a range. */
export interface ForbiddenPortsPolicy {
  readonly forbidden: readonly PortRange[];
  readonly exceptions: readonly { readonly groupId: string; readonly range: PortRange }[];
}

/**
 * The Config rule's input parameters. Every value is a string (what the Config console shows and
 * edits): lists are comma-separated, an exception is `<group id>:<port or range>`.
 *
 * @example
 * JSON.stringify(exposedPortsRuleParameters({ forbiddenPorts: [22, '1000-2000'], allowedExceptions: [{ groupId: 'sg-0123abcd', port: 22 }] }))
 * // '{"forbiddenPorts":"22,1000-2000","allowedExceptions":"sg-0123abcd:22"}'
 */
export function exposedPortsRuleParameters(settings: {
  readonly forbiddenPorts: readonly PortSpec[];
  readonly allowedExceptions: readonly AllowedException[];
}): Record<string, string> {
  return {
    forbiddenPorts: settings.forbiddenPorts.map(String).join(','),
    ...(settings.allowedExceptions.length > 0
      ? { allowedExceptions: settings.allowedExceptions.map((exception) => `${exception.groupId}:${exception.port}`).join(',') }
      : {}),
  };
}

/**
 * Keys of the classic parameter form of the awslabs samples and the managed rules:
 * `examplePort1`, `exampleRange1`, `blockedPort1`, each holding one port or range.
 */
const classicKey = /^[a-z]*(port|range)\d+$/i;

/** A list as JSON array, comma-separated text, or a single value. */
function listItems(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'number') return [value];
  if (typeof value === 'string')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  return [value];
}

function rangeOf(key: string, item: unknown): PortRange {
  const range = parsePortRange(item);
  if (!range) throw new InvalidRuleParametersError(`rule parameter ${key}: ${JSON.stringify(item)} is not a port (0-65535) or a range such as 1000-2000`);
  return range;
}

function exceptionOf(item: unknown): ForbiddenPortsPolicy['exceptions'][number] {
  const match = typeof item === 'string' ? /^(sg-[0-9a-f]+)\s*:\s*(.+)$/.exec(item.trim()) : null;
  if (!match)
    throw new InvalidRuleParametersError(
      `rule parameter allowedExceptions: ${JSON.stringify(item)} is not <security group id>:<port or range>, e.g. sg-0123456789abcdef0:22`,
    );
  return { groupId: match[1], range: rangeOf('allowedExceptions', match[2]) };
}

/**
 * The forbidden ports and exceptions from the rule's parameters. Accepts the classic form
 * (`{"examplePort1": "8080", "exampleRange1": "1-1024"}`), a plain list (`{"forbiddenPorts":
 * "22,3389,1000-2000"}` or a JSON array) or both, and `allowedExceptions` as
 * `"sg-0123456789abcdef0:22,sg-...:1000-2000"` or a JSON array of such strings.
 * Throws {@link InvalidRuleParametersError} naming the key on anything else.
 */
export function parseForbiddenPortsPolicy(parameters: Readonly<Record<string, unknown>>): ForbiddenPortsPolicy {
  const forbidden: PortRange[] = [];
  let exceptions: ForbiddenPortsPolicy['exceptions'][number][] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (key === 'forbiddenPorts' || classicKey.test(key)) {
      forbidden.push(...listItems(value).map((item) => rangeOf(key, item)));
    } else if (key === 'allowedExceptions') {
      exceptions = listItems(value).map(exceptionOf);
    } else {
      throw new InvalidRuleParametersError(
        `rule parameter ${key} is unknown; expected forbiddenPorts, allowedExceptions or examplePort1/exampleRange1-style keys`,
      );
    }
  }
  if (forbidden.length === 0) {
    throw new InvalidRuleParametersError('rule parameters name no forbidden port: set forbiddenPorts, e.g. {"forbiddenPorts": "22,3389"}');
  }
  return { forbidden, exceptions };
}
