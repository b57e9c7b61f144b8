import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { HandlerCodeSource } from '../common/handler-assets';
import { GuardsConfig } from '../config/guards-config';
import { GuardStack } from './guard-stack';
import { hubStackName } from '../common/hub-names';
import { HubStackPlan, SpokeStackPlan, planHubStacks } from './hub-plan';
import { HubStack } from './hub-stack';
import { StackPlan, StackSelection, planStacks, stackName } from './org-plan';
import { SpokeStack } from './spoke-stack';

/** Any stack of either mode: standalone guard stacks, or hub and spoke stacks. */
export type AnyStackPlan = StackPlan | HubStackPlan | SpokeStackPlan;

/** The config's stacks in its mode: hub mode when `hub` is set, standalone otherwise. */
export function planAllStacks(config: GuardsConfig, selection: StackSelection = {}): AnyStackPlan[] {
  return config.hub ? planHubStacks(config, selection) : planStacks(config, selection);
}

/**
 * How many stacks the config plans, and how many of them are built through CDKTF (hub-mode spokes
 * are written from templates). Only the counts are kept: the synth plans again, and two sets of
 * 170,000 plans were 170 MB more at the peak.
 */
export function countPlannedStacks(config: GuardsConfig, selection: StackSelection = {}): { stackCount: number; builtCount: number } {
  const plans = planAllStacks(config, selection);
  return { stackCount: plans.length, builtCount: plans.filter((plan) => !('kind' in plan && plan.kind === 'spoke')).length };
}

/** Whether a stack runs functions (and so needs its region's handler code first). */
export function runsFunctions(plan: AnyStackPlan): boolean {
  return !('kind' in plan) || plan.kind === 'hub';
}

export function createStack(scope: Construct, config: GuardsConfig, plan: AnyStackPlan, source: HandlerCodeSource): TerraformStack {
  if ('kind' in plan) return plan.kind === 'hub' ? new HubStack(scope, config, plan, source) : new SpokeStack(scope, config, plan);
  return new GuardStack(scope, config, plan, source);
}

/**
 * Stacks that must be deployed before this one (besides its region's artifacts): a spoke's
 * forwarding target and role trust name the hub's bus and roles, which must exist; a spoke in
 * another region uses the forwarder role its account's home-region stack creates.
 */
export function hubDependencies(config: GuardsConfig, plan: AnyStackPlan): string[] {
  if (!('kind' in plan) || plan.kind !== 'spoke') return [];
  if (plan.isHomeRegion) return [...new Set(Object.values(plan.hubRegionsByGuard).flat())].sort().map(hubStackName);
  return [hubStackName(plan.region), stackName(plan.account, config.homeRegion)];
}
