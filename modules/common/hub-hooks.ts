import type { Construct } from 'constructs';
import type { AlertRouting } from './alert-routing';
import type { AlertTopic } from './alert-topic';
import type { AwsEnvironment } from './aws-environment';
import type { ConfigIssue } from './config-issue';
import type { EventPattern } from './event-pattern';
import type { GuardFunction } from './guard-function';
import type { GuardsKey } from './guards-key';
import type { HubAccountView, HubConfigView, HubOptions } from './hub-config-view';
import type { PolicyStatement } from './iam-policy';

/**
 * A guard's hub side (README, "Two deployment modes"), written in its own `modules/<guard>/hub.ts`
 * and given to `defineGuard` as `hubMode`. The hub and spoke stacks iterate the registry and call
 * these; they name no guard. Every member is required: a guard that declares hub mode and leaves
 * one out does not compile (`__tests__/stacks/hub-hooks-compile.test.ts`). A hook with nothing to
 * do returns its empty value (`noHubParts`, `[]`, `undefined`).
 *
 * `Settings` is the guard's settings with the organization's, the account's and the default values
 * already merged (the plan resolves them once); hooks are methods, so that the registry holds guards
 * of different settings.
 */
export interface HubHooks<Settings> {
  /**
   * The settings an account may set for itself in hub mode: one hub function serves every
   * account, so a per-account value can only change what that account's own stacks hold.
   */
  readonly perAccountSettings: readonly (keyof Settings & string)[];
  /** The member events the guard needs, in a member region (`isHomeRegion`: IAM delivers its events there only). */
  memberEvents(context: HubContext, settings: Settings, isHomeRegion: boolean): HubGuardEvents;
  /**
   * The hub function the member events are routed to (on the hub bus and, for `onHubDefaultBus`, the
   * hub's default bus). `undefined`: the guard has no routed function (its hub parts hold what it runs).
   */
  hubFunction(context: HubContext, settings: Settings): HubFunctionSpec | undefined;
  /**
   * What only the hub holds for the guard in one hub region, besides its routed function: a state
   * table, a release function, a construct on the organization trail, Config organization rules.
   */
  hubParts(scope: Construct, context: HubRegionContext, settings: Settings): HubParts;
  /**
   * What a member (account, region) holds for the guard besides the forwarding rule: alarms, its
   * remediation or read-only role and the Terraform-managed policies it attaches (home region), its
   * own rules to the hub bus.
   */
  memberResources(scope: Construct, context: MemberContext, settings: Settings): void;
  /** The guard's resources in members that the tamper rules watch by name (`{}` when it has none). */
  memberTamperNames(config: HubConfigView): MemberTamperNames;
  /**
   * The guard's hub-mode mistakes in one level of the config (`guards.<key>` or an account's), each
   * naming its field under `path`. `settings` is that level's own, as written (not merged).
   */
  hubSettingsIssues(settings: Readonly<Record<string, unknown>>, level: HubSettingsLevel): ConfigIssue[];
}

/** What a guard's hooks know of the organization: the config's names, the hub, and where the guard is on. */
export interface HubContext {
  readonly config: HubConfigView;
  readonly hub: HubOptions;
  /** Accounts (ids, config order) where the guard is switched on. */
  readonly memberIds: readonly string[];
  /** Accounts where it is off. */
  readonly excludedIds: readonly string[];
  /** Each member's resolved settings of the guard (account over organization over defaults), by account id. */
  readonly memberSettings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * The member directory of the hub region (the accounts served, their names and lists), which a hub
   * function reads at cold start: where it lies and the one statement that reads it. Undefined
   * outside a hub stack (a spoke's hooks build no function).
   */
  readonly memberDirectory?: HubMemberDirectoryAccess;
}

/** How a hub function reaches its region's member directory. */
export interface HubMemberDirectoryAccess {
  /** The bucket, the object version Terraform wrote (a reference) and the owner; the key is the format's. */
  readonly location: { readonly bucket: string; readonly versionId: string; readonly bucketOwner: string };
  /** `s3:GetObjectVersion` on that object, and nothing else. */
  readonly readStatement: PolicyStatement;
}

/** A hub stack's context for one guard: the region's key, topic and the statements to publish alerts. */
export interface HubRegionContext extends HubContext {
  readonly environment: AwsEnvironment;
  readonly isHomeRegion: boolean;
  readonly key: GuardsKey;
  /** The organization's topic: in the home region only (other regions hop their alarms there). */
  readonly alertTopic: AlertTopic | undefined;
  /** Publishing to the organization's topic from this region. */
  readonly topicStatements: readonly PolicyStatement[];
  /** What the region's alerting functions are given (priority topic, suppressions, Security Hub): pass it as GuardFunction's `alerting`. */
  readonly alerting: AlertRouting;
  /** This region's hub bus (its name a reference, so that a guard's own rules on it are made after it). */
  readonly hubBus: { readonly name: string; readonly arn: string };
  /**
   * The dead-letter queue of a rule the guard adds in the hub (its FailedInvocations alarm comes with
   * it): every hub rule target keeps the events it could not deliver. `busName` for the hub bus.
   */
  deadLetterFor(rule: { readonly ruleName: string; readonly busName?: string }): { readonly arn: string };
}

/** A spoke stack's context for one guard. */
export interface MemberContext {
  readonly config: HubConfigView;
  readonly hub: HubOptions;
  readonly account: HubAccountView;
  readonly region: string;
  readonly isHomeRegion: boolean;
  /** The hub regions that run this guard, sorted: its member roles trust their hub roles. */
  readonly hubRegions: readonly string[];
  /** The hub bus of this region, and the role a member rule puts events on it with. */
  readonly hubBusArn: string;
  readonly forwarderRoleArn: string;
}

export interface HubGuardEvents {
  /** Patterns a member's one forwarding rule forwards to the hub bus of its region. */
  readonly forwarded: readonly EventPattern[];
  /** Events a member's guard-specific rules deliver to the hub bus (not through the forwarding rule). */
  readonly delivered?: readonly EventPattern[];
  /** Patterns the hub matches on its own default bus (organization-wide sources such as GuardDuty's delegated administrator). */
  readonly onHubDefaultBus: readonly EventPattern[];
}

/** What a hub guard function runs, may do and is told. */
export interface HubFunctionSpec {
  readonly handlerName: string;
  readonly description: string;
  readonly statements: readonly PolicyStatement[];
  readonly variables: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  /** Concurrent executions reserved for the function. @default none */
  readonly reservedConcurrency?: number;
  /**
   * Per-account lists the function reads from the member directory instead of its environment
   * (which Lambda limits to 4 KB): field name -> account id -> values. @default none
   */
  readonly memberDirectoryLists?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface HubParts {
  /** Functions the parts hold (their alarms join the hub's alarm path). */
  readonly functions: readonly GuardFunction[];
  /** Statements the guard's routed function needs besides its spec's (on parts made here, e.g. a state table). */
  readonly functionStatements: readonly PolicyStatement[];
}

/** For a guard with no hub-only parts. */
export const noHubParts: HubParts = { functions: [], functionStatements: [] };

/**
 * The guard's resources in members that the tamper rules watch by name. Its roles and policies need
 * no entry: every name in the guards' IAM namespace (`<prefix>-`) is watched.
 */
export interface MemberTamperNames {
  /** The guard's own rules in a member's home region. */
  readonly homeRuleNames?: readonly string[];
  /** The guard's own rules in every member region. */
  readonly ruleNames?: readonly string[];
  /** The guard runs as a Config organization rule: the members' copies of its rule and their recorder are watched. */
  readonly configRules?: boolean;
}

/** Where a guard's settings are written in a hub config. */
export interface HubSettingsLevel {
  readonly path: readonly (string | number)[];
  readonly isAccount: boolean;
  readonly hub: HubOptions;
  readonly homeRegion: string;
}
