import { Construct } from 'constructs';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { GuardsSettings } from '../config/guards-config';
import { InstanceQuarantine, instanceQuarantineGuardName } from '../instance-quarantine';
import { instanceQuarantineModuleExport } from '../instance-quarantine/module-export';
import { ExposedPortsRule, exposedPortsRuleGuardName } from '../exposed-ports-rule';
import { exposedPortsRuleModuleExport } from '../exposed-ports-rule/module-export';
import { InactiveUserRule, inactiveUserRuleGuardName } from '../inactive-user-rule';
import { inactiveUserRuleModuleExport } from '../inactive-user-rule/module-export';

/** What every guard construct receives from its stack besides its own settings. */
export interface GuardWiring {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  readonly alertTopic: AlertTopic;
}

/** A setting that an exported Terraform module takes as a variable. */
export interface ModuleVariable {
  /** Terraform variable name (snake_case). */
  readonly name: string;
  /** The guard setting it feeds. */
  readonly setting: string;
  readonly type: 'string' | 'number' | 'bool';
  readonly description: string;
  readonly default: string | number | boolean;
  /** Terraform validation: a condition over `var.<name>` and the message when it is false. */
  readonly validation?: { readonly condition: string; readonly errorMessage: string };
}

/** How a guard is exported as a plain Terraform module (`npm run modules`). */
export interface ModuleExport {
  readonly variables: readonly ModuleVariable[];
  /** Settings fixed in the module: the parts that change its structure rather than values. */
  readonly fixedSettings: Readonly<Record<string, unknown>>;
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
    handlers: [instanceQuarantineGuardName],
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
];
