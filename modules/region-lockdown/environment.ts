import { settingText } from '../common/token-text';
import { LockdownEnvironment, writeLockdownEnvironment } from '../../handlers/region-lockdown/contract';
import type { ResolvedRegionLockdownSettings } from './settings';

/**
 * The lockdown function's environment, one writer for both modes: the settings map to the same
 * variables; only the deny policy's reference differs (standalone: this stack's policy by ARN; hub:
 * the members' policy by name).
 */
export interface LockdownPlacement {
  readonly guardName: string;
  readonly alertTopicArn: string;
  readonly allowedRegions: readonly string[];
  readonly denyPolicy: Pick<LockdownEnvironment, 'policyArns' | 'denyPolicyName'>;
}

export function lockdownVariables(settings: ResolvedRegionLockdownSettings, placement: LockdownPlacement): Record<string, string> {
  return writeLockdownEnvironment(
    {
      alertTopicArn: placement.alertTopicArn,
      serviceName: placement.guardName,
      dryRun: settings.dryRun,
      allowedRegions: placement.allowedRegions,
      scope: settings.scope,
      ...placement.denyPolicy,
      exemptPathPrefixes: settings.exemptPathPrefixes,
      exemptTagKey: settings.exemptTagKey,
    },
    settingText,
  );
}
