/** The function's configuration, read from its environment (the contract); every problem names the variable. */
import { invalidVariable } from '../common/contract';
import { isManagedPolicyArn, lockdownEnvironment, readLockdownEnvironment } from './contract';
import { Exemptions } from './decision';
import { RegionLockdownScope } from './region-deny-policy';

export interface LockdownSettings {
  /** What the deny policies deny, for the alerts (their content is Terraform's). */
  readonly allowedRegions: readonly string[];
  readonly scope: RegionLockdownScope;
  /** The Terraform-managed deny policies every non-exempt user must have attached. */
  readonly policyArns: readonly string[];
  readonly exemptions: Exemptions;
  readonly alertTopicArn: string;
  readonly dryRun: boolean;
}

/** Hub mode: the member account an invocation acts in. */
export interface MemberAccountScope {
  readonly partition: string;
  readonly accountId: string;
}

/** Read per invocation: cheap, and a bad value fails the invocation with the variable's name. */
export function readLockdownSettings(member?: MemberAccountScope): LockdownSettings {
  const environment = readLockdownEnvironment();
  return {
    allowedRegions: environment.allowedRegions,
    scope: environment.scope,
    policyArns: member ? [memberDenyPolicyArn(member, environment.denyPolicyName)] : standalonePolicyArns(environment.policyArns),
    exemptions: { pathPrefixes: environment.exemptPathPrefixes, tagKey: environment.exemptTagKey },
    alertTopicArn: environment.alertTopicArn,
    dryRun: environment.dryRun,
  };
}

/** Standalone mode's policies: optional in the contract (hub mode has none), required here. */
function standalonePolicyArns(policyArns: readonly string[] | undefined): readonly string[] {
  if (policyArns === undefined) throw new Error(`${lockdownEnvironment.policyArns.name} environment variable is not set`);
  return policyArns;
}

/** Hub mode: the member's copy of the deny policy, by name. */
function memberDenyPolicyArn(member: MemberAccountScope, policyName: string | undefined): string {
  const name = lockdownEnvironment.denyPolicyName.name;
  if (policyName === undefined) throw new Error(`${name} environment variable is not set`);
  const arn = `arn:${member.partition}:iam::${member.accountId}:policy/${policyName}`;
  if (!isManagedPolicyArn(arn)) throw invalidVariable(name, 'an IAM policy name', policyName);
  return arn;
}
