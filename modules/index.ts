/**
 * The library's entry point (`import { ... } from 'aws-security-guards'`): every guard construct,
 * the building blocks a guard is wired to (KMS key, alert topic), the per-(account, region) stack and
 * its plan and synth, and the config types and loader. Built into lib/ by `npm run build:lib`.
 */

// Guards: one construct each, with its props and settings types.
export * from './instance-quarantine';
export * from './exposed-ports-rule';
export * from './inactive-user-rule';
export * from './region-lockdown';
export * from './signin-alert';
export * from './iam-change-alert';
export * from './sg-change-alert';
export * from './detections';
export * from './cis-alarms';

// What every guard is wired to.
export { AlertTopic } from './common/alert-topic';
export type { AlertTopicProps } from './common/alert-topic';
export { GuardsKey } from './common/guards-key';
export type { GuardsKeyProps } from './common/guards-key';
export type { AwsEnvironment } from './common/aws-environment';
export { HandlerAssets } from './common/handler-assets';
export type { HandlerCode, HandlerCodeSource } from './common/handler-assets';

// From a guards config to stacks.
export { guardRegistry } from './stacks/guard-registry';
export type { GuardDefinition, GuardWiring } from './stacks/guard-registry';
export { GuardStack } from './stacks/guard-stack';
export { planStacks, stackName } from './stacks/org-plan';
export type { PlacedGuard, StackPlan, StackSelection } from './stacks/org-plan';
export { formatSynthSummary, synthesizeGuards } from './stacks/synthesize';
export type { SynthesizeOptions, SynthesizedStackSummary } from './stacks/synthesize';
export { synthesizeInWorkers } from './stacks/parallel-synth';
export type { ParallelSynthOptions, ParallelSynthResult } from './stacks/parallel-synth';

// The guards config: schema, types and loader.
export { guardsConfigSchema, guardsSettingsSchema } from './config/guards-config';
export type { GuardsConfig, GuardsConfigAccount, GuardsSettings } from './config/guards-config';
export { GuardsConfigError, loadGuardsConfig, parseGuardsConfig } from './config/load-guards-config';
