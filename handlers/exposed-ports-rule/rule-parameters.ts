import { InvalidRuleParametersError } from '../config-rule/config-rule-errors';
import { PortRange, parsePortRange } from './port-ranges';

/** A group allowed to expose some forbidden ports to the internet. */
export interface AllowedException {
  readonly groupId: string;
  readonly range: PortRange;
}

/** What the rule forbids, read from its input parameters. */
export interface ForbiddenPortsPolicy {
  readonly forbidden: readonly PortRange[];
  readonly exceptions: readonly AllowedException[];
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
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return [value];
}

function rangeOf(key: string, item: unknown): PortRange {
  const range = parsePortRange(item);
  if (!range) throw new InvalidRuleParametersError(`rule parameter ${key}: ${JSON.stringify(item)} is not a port (0-65535) or a range such as 1000-2000`);
  return range;
}

function exceptionOf(item: unknown): AllowedException {
  const match = typeof item === 'string' ? /^(sg-[0-9a-f]+)\s*:\s*(.+)$/.exec(item.trim()) : null;
  if (!match) throw new InvalidRuleParametersError(`rule parameter allowedExceptions: ${JSON.stringify(item)} is not <security group id>:<port or range>, e.g. sg-0123456789abcdef0:22`);
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
  let exceptions: AllowedException[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (key === 'forbiddenPorts' || classicKey.test(key)) {
      forbidden.push(...listItems(value).map((item) => rangeOf(key, item)));
    } else if (key === 'allowedExceptions') {
      exceptions = listItems(value).map(exceptionOf);
    } else {
      throw new InvalidRuleParametersError(`rule parameter ${key} is unknown; expected forbiddenPorts, allowedExceptions or examplePort1/exampleRange1-style keys`);
    }
  }
  if (forbidden.length === 0) {
    throw new InvalidRuleParametersError('rule parameters name no forbidden port: set forbiddenPorts, e.g. {"forbiddenPorts": "22,3389"}');
  }
  return { forbidden, exceptions };
}
