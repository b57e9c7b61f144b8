import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { ConfigRuleFrequency, configRuleFrequency, maxInputParametersLength } from '../common/config-rule-settings';
import { AllowedException, PortSpec, exposedPortsRuleParameters } from '../../handlers/exposed-ports-rule/contract';

// The codec's input types live with the codec, in the contract the handler reads it with.
export type { AllowedException, PortSpec } from '../../handlers/exposed-ports-rule/contract';

/**
 * What the exposed-ports-rule guard reports and how often. The same keys are written under
 * `guards.exposedPortsRule` in the guards config.
 */
export interface ExposedPortsRuleSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /**
   * Ports and inclusive ranges that must not be reachable from `0.0.0.0/0` or `::/0` over TCP, UDP
   * or all protocols.
   * @default [20, 21, 22, 23, 135, 445, 1433, 1521, 3306, 3389, 5432, 5900, 6379, 9200, 11211, 27017]
   */
  readonly forbiddenPorts?: readonly PortSpec[];
  /** Groups allowed to expose some forbidden port or range. @default [] */
  readonly allowedExceptions?: readonly AllowedException[];
  /** How often every security group of the region is evaluated, besides on each change. @default 'TwentyFour_Hours' */
  readonly periodicFrequency?: ConfigRuleFrequency;
  /**
   * Create an AWS Config recorder, delivery channel and bucket in this region. An account allows
   * one recorder per region: leave it off where one exists (Control Tower, Security Hub).
   * @default false
   */
  readonly createConfigRecorder?: boolean;
}

const portNumber = z.number().int().min(0).max(65535);

/** `22` or `'1000-2000'` (inclusive, low to high, 0-65535). */
export const portSpec = z.union([
  portNumber,
  z
    .string()
    .regex(/^\d{1,5}(-\d{1,5})?$/, "must be a port such as 22 or a range such as '1000-2000'")
    .refine((text) => {
      const [low, high = low] = text.split('-').map(Number);
      return low <= high && high <= 65535;
    }, 'must be a range from low to high within 0-65535'),
]);

export const securityGroupId = z.string().regex(/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/, 'must be a security group id such as sg-0123456789abcdef0');

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const exposedPortsRuleSettingsSchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    forbiddenPorts: z.array(portSpec).min(1).optional(),
    allowedExceptions: z.array(z.strictObject({ groupId: securityGroupId, port: portSpec })).optional(),
    periodicFrequency: configRuleFrequency.optional().describe('How often AWS Config evaluates every security group of the region, besides on each change.'),
    createConfigRecorder: z.boolean().optional(),
  })
  .superRefine((settings, context) => {
    const parameters = JSON.stringify(exposedPortsRuleParameters({ ...exposedPortsRuleDefaults, ...settings }));
    if (parameters.length > maxInputParametersLength) {
      context.addIssue({
        code: 'custom',
        path: ['forbiddenPorts'],
        message: `with allowedExceptions makes rule parameters of ${parameters.length} characters; AWS Config accepts at most ${maxInputParametersLength} (use ranges)`,
      });
    }
  }) satisfies z.ZodType<ExposedPortsRuleSettings>;

/** The documented defaults, filled once by the construct. */
export const exposedPortsRuleDefaults = {
  enabled: true,
  // Remote administration, file sharing and data stores: never meant for the whole internet.
  forbiddenPorts: [20, 21, 22, 23, 135, 445, 1433, 1521, 3306, 3389, 5432, 5900, 6379, 9200, 11211, 27017] as readonly PortSpec[],
  allowedExceptions: [] as readonly AllowedException[],
  periodicFrequency: 'TwentyFour_Hours' as ConfigRuleFrequency,
  createConfigRecorder: false,
} satisfies Required<ExposedPortsRuleSettings>;

/** The settings as the plan hands them to the guard: the config's levels merged over these defaults. */
export type ResolvedExposedPortsRuleSettings = ResolvedSettings<ExposedPortsRuleSettings>;
