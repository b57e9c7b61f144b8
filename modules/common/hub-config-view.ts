/**
 * The parts of the guards config that hub wiring reads, structurally (modules/config's
 * `GuardsConfig` is one), so that modules/common and the guards' hub hooks need not import the
 * config layer.
 */
export interface HubConfigView {
  /** The config's name: the prefix of every resource name. */
  readonly name: string;
  readonly homeRegion: string;
  readonly hub?: HubOptions;
  readonly accounts: readonly HubAccountView[];
  /** Who receives the alerts (a guard that makes a topic in a member subscribes them there too). */
  readonly alerts?: { readonly emails?: readonly string[] };
}

/** An account of the config as the hub wiring sees it. */
export interface HubAccountView {
  readonly id: string;
  readonly name: string;
  /** The role the deployer assumes in the account; a guard role must never touch it. */
  readonly roleArn?: string;
}

/** `hub:` of the guards config (modules/config/hub-settings.ts holds its schema and documentation). */
export interface HubOptions {
  readonly account: string;
  readonly organizationId: string;
  readonly guardDuty: 'delegated-admin' | 'forward';
  readonly organizationTrail?: { readonly logGroupName: string };
  readonly configRules: 'organization' | 'per-account';
  readonly protection?: { readonly exemptPrincipalArns: readonly string[] };
  readonly heartbeat: HeartbeatSettings;
}

/** `hub.heartbeat` (modules/config/hub-settings.ts holds its schema, hub-heartbeat-settings.ts its defaults). */
export interface HeartbeatSettings {
  readonly intervalMinutes: number;
  readonly missedBeats: number;
}
