import { Construct } from 'constructs';
import type { z } from 'zod';
import type { ModuleExport } from '../stacks/module-export-types';
import type { AlertTopic } from './alert-topic';
import type { AwsEnvironment } from './aws-environment';
import type { GuardsKey } from './guards-key';

/** What every guard construct receives from its stack besides its own settings. */
export interface GuardWiring {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  readonly alertTopic: AlertTopic;
}

/** A guard's settings schema: a zod object whose output is the guard's settings. */
export type GuardSettingsSchema = z.ZodType<object>;

/**
 * Everything the project needs to know about one guard, written once in `modules/<guard>/guard.ts`.
 * The registry (modules/stacks/guard-registry.ts) lists these; the config schema, the plans, the
 * exported modules and the completeness tests iterate it.
 */
export interface GuardDefinition<ConfigKey extends string = string, Schema extends GuardSettingsSchema = GuardSettingsSchema> {
  /** The guard's key under `guards:` in the config. */
  readonly configKey: ConfigKey;
  /** The guard's name: its folder in modules/ and handlers/, its construct id and its resource names. */
  readonly name: string;
  /**
   * `regional`: in every region of the account. `global`: once per account, in the home region
   * (IAM and other global services deliver their events in us-east-1 only).
   */
  readonly scope: 'regional' | 'global';
  /** Why the guard has that scope (shown in docs and kept next to the choice). */
  readonly scopeReason: string;
  /** Folders under handlers/ whose zips the guard's functions run. */
  readonly handlers: readonly string[];
  /** The settings, under `guards.<configKey>` in the config and as construct props. */
  readonly settingsSchema: Schema;
  /** The documented defaults the construct fills in (settings without a default are required or off). */
  readonly defaults: { readonly [Setting in keyof z.output<Schema>]?: unknown };
  /**
   * Builds the guard's construct from its wiring and its validated settings. Written with the guard's
   * own settings type in guard.ts; a method, so that the registry can hold guards of different settings.
   */
  createConstruct(scope: Construct, wiring: GuardWiring, settings: z.output<Schema>): void;
  /** How the guard is exported as a plain Terraform module (`npm run modules`). */
  readonly moduleExport: ModuleExport;
  /**
   * Present when hub mode runs the guard (README, "Two deployment modes"); absent, the guard is
   * standalone only and a hub config that switches it on is refused.
   */
  readonly hubMode?: {
    /**
     * The settings an account may set for itself in hub mode: one hub function serves every
     * account, so a per-account value can only change what that account's own stacks hold.
     */
    readonly perAccountSettings: readonly (keyof z.output<Schema> & string)[];
  };
}

/**
 * Declares a guard. The identity function keeps the literal config key and the exact schema type,
 * from which the config's `guards:` schema and its types are built.
 */
export function defineGuard<const ConfigKey extends string, Schema extends GuardSettingsSchema>(
  definition: GuardDefinition<ConfigKey, Schema>,
): GuardDefinition<ConfigKey, Schema> {
  return definition;
}
