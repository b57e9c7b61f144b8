import { AwsEnvironment, accountGlobalName, arnFor } from '../common/aws-environment';
import { GuardsConfig, GuardsConfigAccount } from '../config/guards-config';
import { revocationPolicyName } from '../instance-quarantine/revocation-policy';
import { regionLockdownGuardName } from '../region-lockdown';
import type { GuardResourceNames } from './hub-tamper-patterns';

/**
 * The names that tie hub and spoke stacks together, in one place: a spoke's rule targets the hub
 * bus by name, the hub bus trusts the spokes' forwarder role by name, a spoke's remediation role
 * trusts the hub function's role by ARN, and the hub function assumes the remediation role by name.
 */

/** `hub-<region>`: the hub stack of one region. */
export function hubStackName(region: string): string {
  return `hub-${region}`;
}

/** The hub account's entry of the config; throws when hub mode is off or the name is unknown. */
export function hubAccountOf(config: GuardsConfig): GuardsConfigAccount {
  const account = config.accounts.find((candidate) => candidate.name === config.hub?.account);
  if (!account) throw new Error(`hub.account: ${String(config.hub?.account)} is not an account of the config`);
  return account;
}

/** The event bus in each hub region that receives the members' forwarded events. */
export function hubBusName(namePrefix: string): string {
  return `${namePrefix}-hub`;
}

export function hubBusArn(config: GuardsConfig, region: string): string {
  return arnFor({ accountId: hubAccountOf(config).id, region }, 'events', `event-bus/${hubBusName(config.name)}`);
}

/** The hub's guard function of one guard: `<prefix>-<guard>` in every hub region. */
export function hubFunctionName(namePrefix: string, guardName: string): string {
  return `${namePrefix}-${guardName}`;
}

/** The role of a hub guard function: IAM names are account-wide, so each region's role names its region. */
export function hubFunctionRoleName(config: GuardsConfig, guardName: string, region: string): string {
  return accountGlobalName({ accountId: hubAccountOf(config).id, region }, hubFunctionName(config.name, guardName));
}

export function hubFunctionRoleArn(config: GuardsConfig, guardName: string, region: string): string {
  const hub: AwsEnvironment = { accountId: hubAccountOf(config).id, region };
  return arnFor(hub, 'iam', `role/${hubFunctionRoleName(config, guardName, region)}`, { global: true });
}

/** The role a member's forwarding rules deliver to the hub bus with (one per account, made in its home region). */
export function forwarderRoleName(config: GuardsConfig): string {
  return accountGlobalName({ accountId: '', region: config.homeRegion }, `${config.name}-hub-forwarder`);
}

/**
 * The role a hub function of one guard assumes in a member account (one per account, made in its
 * home region). `release-remediation`: the quarantine's release function has a role of its own.
 */
export function remediationRoleName(config: GuardsConfig, guardName: string, kind: 'remediation' | 'release-remediation' = 'remediation'): string {
  return accountGlobalName({ accountId: '', region: config.homeRegion }, `${config.name}-${guardName}-${kind}`);
}

/** The hub's release function of the quarantine guard, beside the quarantine function in each hub region. */
export function hubReleaseFunctionName(namePrefix: string, guardName: string): string {
  return `${namePrefix}-${guardName}-release`;
}

/** The release function's role: hubFunctionRoleName's scheme with the release function's name. */
export function hubReleaseRoleArn(config: GuardsConfig, guardName: string, region: string): string {
  return hubFunctionRoleArn(config, `${guardName}-release`, region);
}

/**
 * The quarantine's Terraform-managed revocation deny policy in a member account (made by its
 * home-region spoke stack, attached there by the remediation role): the name the hub functions use.
 */
export function memberRevocationPolicyEnvironment(config: GuardsConfig, accountId: string): AwsEnvironment {
  return { accountId, region: config.homeRegion };
}

export function memberRevocationPolicyName(config: GuardsConfig): string {
  return revocationPolicyName(memberRevocationPolicyEnvironment(config, ''), config.name);
}

/** The one alert topic of the organization, in the hub's home region. */
export function hubAlertTopicArn(config: GuardsConfig): string {
  return arnFor({ accountId: hubAccountOf(config).id, region: config.homeRegion }, 'sns', `${config.name}-alerts`);
}

/** The rule of a member region that forwards the guards' events to the hub. */
export function forwardingRuleName(namePrefix: string): string {
  return `${namePrefix}-forward-to-hub`;
}

/**
 * The rule of each member region that forwards tampering with the guards' resources to the hub: a
 * rule of its own, as the forwarding rule is near EventBridge's 2,048 characters. Each of the two
 * rules watches the other (a rule cannot report its own deletion).
 */
export function tamperForwardingRuleName(namePrefix: string): string {
  return `${namePrefix}-tamper-to-hub`;
}

/**
 * The guards' own resources in a member account whose changes are tampering: its forwarding and
 * tamper rules, region-lockdown's rules where it acts, every role and policy in the guards' IAM
 * namespace (`<prefix>-`: the forwarder, remediation and read-only roles, the revocation and region
 * denies), trails, and with `configRules` the Config guards' rules (AWS Config copies an organization
 * rule into the member as `OrgConfigRule-<name>-<suffix>`) and the recorder they need.
 */
export function memberGuardResourceNames(config: GuardsConfig, actingGuardNames: readonly string[], configRules: boolean): GuardResourceNames {
  return {
    ruleNames: [forwardingRuleName(config.name), tamperForwardingRuleName(config.name)],
    homeRuleNames: actingGuardNames.includes(regionLockdownGuardName)
      ? [memberRegionLockdownForwardRuleName(config.name), memberReconcileRuleName(config.name)]
      : [],
    iamNamePrefix: `${config.name}-`,
    configRulePrefixes: configRules ? [`${config.name}-`, `OrgConfigRule-${config.name}-`] : [],
    trails: true,
  };
}

/** The hub's quarantine state table of one region (one table serves every member; items carry their account). */
export function hubQuarantineStateTableName(namePrefix: string): string {
  return `${namePrefix}-quarantine-state`;
}

/**
 * The region-lockdown deny policy of a member (made by its home-region spoke stack): the same name
 * as the standalone construct gives it, so the hub function finds it by name in every member.
 */
export function memberRegionDenyPolicyName(config: GuardsConfig): string {
  return accountGlobalName({ accountId: '', region: config.homeRegion }, hubFunctionName(config.name, regionLockdownGuardName), 128);
}

/** The schedule rule in each member's home region whose tick, delivered to the hub bus, reconciles that member. */
export function memberReconcileRuleName(namePrefix: string): string {
  return `${hubFunctionName(namePrefix, regionLockdownGuardName)}-reconcile`;
}

/**
 * region-lockdown's forwarding rule in a member's home region: the IAM calls it acts on have a rule
 * of their own, because the member's one forwarding rule is near EventBridge's 2,048 characters.
 */
export function memberRegionLockdownForwardRuleName(namePrefix: string): string {
  return `${hubFunctionName(namePrefix, regionLockdownGuardName)}-forward`;
}
