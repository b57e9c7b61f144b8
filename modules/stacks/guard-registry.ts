import { Construct } from 'constructs';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { GuardsSettings } from '../config/guards-config';
import { InstanceQuarantine, instanceQuarantineGuardName, instanceReleaseHandlerName } from '../instance-quarantine';
import { instanceQuarantineModuleExport } from '../instance-quarantine/module-export';
import { ExposedPortsRule, exposedPortsRuleGuardName } from '../exposed-ports-rule';
import { exposedPortsRuleModuleExport } from '../exposed-ports-rule/module-export';
import { InactiveUserRule, inactiveUserRuleGuardName } from '../inactive-user-rule';
import { inactiveUserRuleModuleExport } from '../inactive-user-rule/module-export';
import { RegionLockdown, regionLockdownGuardName } from '../region-lockdown';
import { regionLockdownModuleExport } from '../region-lockdown/module-export';
import { SigninAlert, signinAlertGuardName } from '../signin-alert';
import { signinAlertModuleExport } from '../signin-alert/module-export';
import { IamChangeAlert, iamChangeAlertGuardName } from '../iam-change-alert';
import { iamChangeAlertModuleExport } from '../iam-change-alert/module-export';
import { SgChangeAlert, sgChangeAlertGuardName } from '../sg-change-alert';
import { sgChangeAlertModuleExport } from '../sg-change-alert/module-export';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { ModuleExport } from './module-export-types';

/** What every guard construct receives from its stack besides its own settings. */
export interface GuardWiring {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  readonly alertTopic: AlertTopic;
}

export interface GuardDefinition {
  /** The guard's key under `guards:` in the config. */
  readonly configKey: keyof GuardsSettings;
  /** The guard's name: its folder in modules/ and handlers/. */
  readonly name: string;
  /**
   * `regional`: in every region of the account. `global`: once per account, in the home region
   * (IAM and other global services deliver their events in us-east-1 only).
   */
  readonly scope: 'regional' | 'global';
  /** Folders under handlers/ whose zips the guard's functions run. */
  readonly handlers: readonly string[];
  readonly create: (scope: Construct, wiring: GuardWiring, settings: Record<string, unknown>) => void;
  readonly moduleExport: ModuleExport;
}

/** Every guard the config can switch on. A new guard adds one entry here. */
export const guardRegistry: readonly GuardDefinition[] = [
  {
    configKey: 'instanceQuarantine',
    name: instanceQuarantineGuardName,
    scope: 'regional',
    handlers: [instanceQuarantineGuardName, instanceReleaseHandlerName],
    create: (scope, wiring, settings) => new InstanceQuarantine(scope, instanceQuarantineGuardName, { ...settings, ...wiring }),
    moduleExport: instanceQuarantineModuleExport,
  },
  {
    configKey: 'exposedPortsRule',
    name: exposedPortsRuleGuardName,
    scope: 'regional',
    handlers: [exposedPortsRuleGuardName],
    create: (scope, wiring, settings) => new ExposedPortsRule(scope, exposedPortsRuleGuardName, { ...settings, ...wiring }),
    moduleExport: exposedPortsRuleModuleExport,
  },
  {
    configKey: 'inactiveUserRule',
    name: inactiveUserRuleGuardName,
    // IAM is global: one rule per account, in the home region.
    scope: 'global',
    handlers: [inactiveUserRuleGuardName],
    create: (scope, wiring, settings) => new InactiveUserRule(scope, inactiveUserRuleGuardName, { ...settings, ...wiring }),
    moduleExport: inactiveUserRuleModuleExport,
  },
  {
    configKey: 'regionLockdown',
    name: regionLockdownGuardName,
    // IAM is global and delivers its events in us-east-1: once per account, in the home region.
    scope: 'global',
    handlers: [regionLockdownGuardName],
    create: (scope, wiring, settings) => new RegionLockdown(scope, regionLockdownGuardName, { ...settings, ...wiring }),
    moduleExport: regionLockdownModuleExport,
  },
  {
    configKey: 'signinAlert',
    name: signinAlertGuardName,
    // One multi-region trail's log group holds every region's sign-ins: once per account, in the home region.
    scope: 'global',
    handlers: [signinAlertGuardName],
    create: (scope, wiring, settings) => new SigninAlert(scope, signinAlertGuardName, { ...settings, ...wiring }),
    moduleExport: signinAlertModuleExport,
  },
  {
    configKey: 'iamChangeAlert',
    name: iamChangeAlertGuardName,
    // IAM is global and delivers its events in us-east-1: once per account, so each change alerts once.
    scope: 'global',
    handlers: [cloudTrailAlertHandlerName],
    create: (scope, wiring, settings) => new IamChangeAlert(scope, iamChangeAlertGuardName, { ...settings, ...wiring }),
    moduleExport: iamChangeAlertModuleExport,
  },
  {
    configKey: 'sgChangeAlert',
    name: sgChangeAlertGuardName,
    scope: 'regional',
    handlers: [cloudTrailAlertHandlerName],
    create: (scope, wiring, settings) => new SgChangeAlert(scope, sgChangeAlertGuardName, { ...settings, ...wiring }),
    moduleExport: sgChangeAlertModuleExport,
  },
];
