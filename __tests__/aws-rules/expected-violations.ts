/**
 * The violations the examples hold today, in one place: each caused by hub-stack code that a later
 * task rewires (issue 19: the alarm hop, scoped Config permissions). A rule's example check fails when one of
 * them is fixed (remove it here) and when a new one appears.
 */
export interface KnownViolation {
  readonly resource: string;
  /** Text the rule's message holds. */
  readonly finding: string;
  readonly fixedBy: string;
}

const hubWiring = 'fixed by the hub wiring task';

/**
 * The hub account's own member stack in the home region forwards from its default bus, which also
 * receives the other hub regions' alarm hops: a forwarded event could not go on.
 */
const hubHomeDefaultBusForwarders = [
  'detections-forward-target',
  'forward-target',
  'region-lockdown-forward-target',
  'region-lockdown-reconcile-target',
  'tamper-target',
  'tamper-target-2',
].map((id) => ({
  resource: `security-tooling-us-east-1/aws_cloudwatch_event_target.${id}`,
  finding: 'sends events of arn:aws:events:us-east-1:111111111111:event-bus/default on to arn:aws:events:us-east-1:111111111111:event-bus/guards-hub',
  fixedBy: `${hubWiring}: with every hub region alerting its alarms by itself, nothing hops to the home default bus`,
}));

/** The organization Config rules' permission: principal config.amazonaws.com with no source (docs/hub-mode.md, "Config rules"). */
const organizationConfigRulePermissions = [
  ['us-east-1', 'exposed-ports-rule_invoke-config_9A6C0889'],
  ['us-east-1', 'inactive-user-rule_invoke-config_F17B6A87'],
  ['eu-west-1', 'exposed-ports-rule_invoke-config_9A6C0889'],
  ['ap-southeast-2', 'exposed-ports-rule_invoke-config_9A6C0889'],
  ['eu-south-2', 'exposed-ports-rule_invoke-config_9A6C0889'],
].map(([region, id]) => ({
  resource: `hub-${region}/aws_lambda_permission.${id}`,
  finding: 'the permission for config.amazonaws.com has no aws:SourceArn or aws:SourceAccount',
  fixedBy: `${hubWiring} (hub-config-rules.ts): aws:SourceOrgID is not a Lambda permission field; the permission needs source_account per served member, or the handler drops foreign invocations (issue 19, item 5)`,
}));

export const expectedViolations: Readonly<Record<string, Readonly<Record<string, readonly KnownViolation[]>>>> = {
  'one-bus-hop': { 'examples/organization.yaml': hubHomeDefaultBusForwarders },
  'service-principal-conditions': { 'examples/organization.yaml': organizationConfigRulePermissions },
};
