import { writeApiCallAlertEnvironment } from '../../handlers/cloudtrail-alert/contract';
import { cloudTrailAlertHandlerName } from './cloudtrail-alert-handler';
import type { EventPattern } from './event-pattern';
import { HubContext, HubFunctionSpec, HubHooks, noHubParts } from './hub-hooks';
import { hubAlertTopicArn } from './hub-names';
import { memberAccountVariables } from './hub-member-access';

/**
 * The hub function of an alert-only CloudTrail guard: the cloudtrail-alert handler, which reads the
 * member's event and alerts naming the account. It acts in no member, so it has no member role and
 * no statement besides publishing (which the hub stack adds).
 */
export function cloudTrailAlertHubFunction(context: HubContext, serviceName: string): HubFunctionSpec {
  return {
    handlerName: cloudTrailAlertHandlerName,
    description: `${serviceName}: a readable alert for each member's change, naming the account`,
    statements: [],
    timeoutSeconds: 30,
    variables: {
      ...writeApiCallAlertEnvironment({ alertTopicArn: hubAlertTopicArn(context.config), serviceName }),
      ...memberAccountVariables(context),
    },
  };
}

/** What an alert-only CloudTrail guard says about its hub side. */
export interface CloudTrailAlertHubOptions<Settings> {
  /** The guard's name: its hub function's and its alerts' service name. */
  readonly guardName: string;
  readonly perAccountSettings: readonly (keyof Settings & string)[];
  /** The CloudTrail events a member forwards (`isHomeRegion`: IAM and other global services deliver there only). */
  readonly patterns: (settings: Settings, isHomeRegion: boolean) => readonly EventPattern[];
  /** Hub-mode checks of its settings, if any. */
  readonly hubSettingsIssues?: HubHooks<Settings>['hubSettingsIssues'];
}

/**
 * The whole hub side of the common case: members forward these CloudTrail patterns, the hub runs
 * the cloudtrail-alert handler on them and alerts. Nothing in members but the forwarding rule.
 */
export function cloudTrailAlertHubHooks<Settings>(options: CloudTrailAlertHubOptions<Settings>): HubHooks<Settings> {
  return {
    perAccountSettings: options.perAccountSettings,
    memberEvents: (_context, settings, isHomeRegion) => ({ forwarded: options.patterns(settings, isHomeRegion), onHubDefaultBus: [] }),
    hubFunction: (context) => cloudTrailAlertHubFunction(context, options.guardName),
    hubParts: () => noHubParts,
    memberResources: () => undefined,
    memberTamperNames: () => ({}),
    hubSettingsIssues: options.hubSettingsIssues ?? (() => []),
  };
}
