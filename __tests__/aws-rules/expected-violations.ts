/**
 * The violations the examples hold today, in one place: each caused by hub-stack code that a later
 * task rewires (issue 19: one hop on the tamper path). A rule's example check fails when one of
 * them is fixed (remove it here) and when a new one appears.
 */
export interface KnownViolation {
  readonly resource: string;
  /** Text the rule's message holds. */
  readonly finding: string;
  readonly fixedBy: string;
}

const hubWiring = 'fixed by the hub wiring task';

/** The second hop of each non-home hub region's tamper path: member default bus -> hub bus -> home default bus. */
const twoHopTamperPaths = ['eu-west-1', 'ap-southeast-2', 'eu-south-2'].map((region) => ({
  resource: `hub-${region}/aws_cloudwatch_event_target.tamper-target`,
  finding: `sends events of arn:aws:events:${region}:111111111111:event-bus/guards-hub on to arn:aws:events:us-east-1:111111111111:event-bus/default`,
  fixedBy: `${hubWiring}: each hub region alerts its tamper events itself (one hop), no hop to the home default bus`,
}));

/**
 * The hub account's own member stack in the home region forwards from its default bus, which also
 * receives the other hub regions' alarm and tamper hops: a forwarded event could not go on.
 */
const hubHomeDefaultBusForwarders = ['forward-target', 'region-lockdown-forward-target', 'region-lockdown-reconcile-target', 'tamper-target'].map((id) => ({
  resource: `security-tooling-us-east-1/aws_cloudwatch_event_target.${id}`,
  finding: 'sends events of arn:aws:events:us-east-1:111111111111:event-bus/default on to arn:aws:events:us-east-1:111111111111:event-bus/guards-hub',
  fixedBy: `${hubWiring}: with every hub region alerting by itself, nothing hops to the home default bus`,
}));

export const expectedViolations: Readonly<Record<string, Readonly<Record<string, readonly KnownViolation[]>>>> = {
  'one-bus-hop': { 'examples/organization.yaml': [...twoHopTamperPaths, ...hubHomeDefaultBusForwarders] },
};
