import type { GuardDefinition } from '../common/guard-definition';
import { instanceQuarantineGuard } from '../instance-quarantine/guard';
import { exposedPortsRuleGuard } from '../exposed-ports-rule/guard';
import { inactiveUserRuleGuard } from '../inactive-user-rule/guard';
import { regionLockdownGuard } from '../region-lockdown/guard';
import { signinAlertGuard } from '../signin-alert/guard';
import { iamChangeAlertGuard } from '../iam-change-alert/guard';
import { sgChangeAlertGuard } from '../sg-change-alert/guard';
import { detectionsGuard } from '../detections/guard';
import { cisAlarmsGuard } from '../cis-alarms/guard';

export type { GuardDefinition, GuardWiring } from '../common/guard-definition';

/**
 * Every guard the config can switch on, in the order stacks hold them. A new guard is one line here
 * (its definition lives in modules/<guard>/guard.ts); see docs/architecture.md, "Adding a guard".
 */
export const guardRegistry = [
  instanceQuarantineGuard,
  exposedPortsRuleGuard,
  inactiveUserRuleGuard,
  regionLockdownGuard,
  signinAlertGuard,
  iamChangeAlertGuard,
  sgChangeAlertGuard,
  detectionsGuard,
  cisAlarmsGuard,
] as const satisfies readonly GuardDefinition[];

/** A registered guard, whichever it is. */
export type RegisteredGuard = (typeof guardRegistry)[number];

/** The config keys of the registered guards (`instanceQuarantine`, ...). */
export type GuardConfigKey = RegisteredGuard['configKey'];
