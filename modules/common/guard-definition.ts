import { Construct } from 'constructs';
import type { z } from 'zod';
import type { ModuleExport } from './module-export-types';
import type { AlertTopic } from './alert-topic';
import type { AwsEnvironment } from './aws-environment';
import type { ConfigIssue } from './config-issue';
import type { GuardsKey } from './guards-key';
import type { HubHooks } from './hub-hooks';

/** The guards config's levels as a guard's cross-level checks read them (structural: modules/config's config is one). */
export interface GuardsConfigView {
  readonly accounts: readonly { readonly id: string; readonly guards?: Readonly<Record<string, unknown>> }[];
  readonly guards: Readonly<Record<string, unknown>>;
}

/** What every guard construct receives from its stack besides its own settings. */
export interface GuardWiring {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  readonly alertTopic: AlertTopic;
}

/**
 * A guard's resolved settings once the registry holds it beside guards of other settings: each
 * guard's hooks are checked against its own settings type where `defineGuard` declares it; the
 * stacks pass each guard the settings its plan resolved for it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry's erased form (see above)
type ErasedSettings = any;

/** A guard's settings schema: a zod object whose output is the guard's settings. */
export type GuardSettingsSchema = z.ZodType<object>;

/**
 * Everything the project needs to know about one guard, written once in `modules/<guard>/guard.ts`.
 * The registry (modules/stacks/guard-registry.ts) lists these; the config schema, the plans, the
 * hub and spoke stacks, the exported modules and the completeness tests iterate it.
 */
export interface GuardDefinition<
  ConfigKey extends string = string,
  Schema extends GuardSettingsSchema = GuardSettingsSchema,
  /** The settings as the plan resolves them (the config's levels over the defaults): what the hub hooks take. */
  Resolved extends object = ErasedSettings,
> {
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
   * The guard's hub side (README, "Two deployment modes"), from its `modules/<guard>/hub.ts`:
   * every hook of {@link HubHooks} is required, so hub mode without one of them does not compile.
   * Absent, the guard is standalone only and a hub config that switches it on is refused.
   */
  readonly hubMode?: HubHooks<Resolved>;
  /**
   * Names a suppression's `guard` may give for this guard's alerts besides its `name` (the
   * detections guard: each detection's id, which its alerts carry). @default none
   */
  readonly alertNames?: readonly string[];
  /** Checks across the config's levels that the settings schema alone cannot make (each issue names its field). */
  configIssues?(config: GuardsConfigView): ConfigIssue[];
}

/**
 * Declares a guard. The identity function keeps the literal config key and the exact schema type,
 * from which the config's `guards:` schema and its types are built.
 */
export function defineGuard<const ConfigKey extends string, Schema extends GuardSettingsSchema, Resolved extends object = z.output<Schema>>(
  definition: GuardDefinition<ConfigKey, Schema, Resolved>,
): GuardDefinition<ConfigKey, Schema, Resolved> {
  return definition;
}

/**
 * A guard's settings as the plan resolves them: every setting with a documented default is present
 * (`Defaulted`, all of them unless the guard has settings without a default).
 */
export type ResolvedSettings<Settings, Defaulted extends keyof Settings = keyof Settings> = Settings & {
  readonly [Setting in Defaulted]-?: Exclude<Settings[Setting], undefined>;
};
