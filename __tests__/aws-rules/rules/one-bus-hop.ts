/**
 * EventBridge sends an event from one bus to another once: "If a receiver account sets up a rule
 * that sends events received from a sender account on to a third account, these events are not
 * sent to the third account", and the same holds for three buses of one account.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 * The emulator forwards any number of hops. The graph is every rule target that names an event
 * bus, across all stacks of an example; a bus that receives events from another bus and has a
 * rule sending on to a third is a two-hop route. Conservative: the forwarding rule's pattern is
 * not compared with what arrives (a route that could carry a forwarded event is one to fix).
 */
import { AwsRule, ModelResource, TerraformModel, Violation, addressOf } from '../terraform-model';

export const oneBusHopPage = 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html';

interface BusEdge {
  readonly target: ModelResource;
  readonly fromBus: string;
  readonly toBus: string;
}

const busArnPattern = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[^/]+$/;

export function busEdges(model: TerraformModel): BusEdge[] {
  return model.ofType('aws_cloudwatch_event_target').flatMap((target) => {
    const destination = model.byArn(target, target.body.arn);
    const toBus =
      destination?.type === 'aws_cloudwatch_event_bus'
        ? model.arnOf(destination)
        : typeof target.body.arn === 'string' && busArnPattern.test(target.body.arn)
          ? target.body.arn
          : undefined;
    return toBus ? [{ target, fromBus: model.busArn(target), toBus }] : [];
  });
}

export const oneBusHop: AwsRule = (model) => {
  const edges = busEdges(model);
  const violations: Violation[] = [];
  for (const second of edges) {
    const arriving = edges.filter((first) => first.toBus === second.fromBus && first.fromBus !== second.fromBus);
    if (arriving.length === 0) continue;
    const examples = arriving.slice(0, 2).map((first) => addressOf(first.target));
    violations.push({
      resource: addressOf(second.target),
      message:
        `${addressOf(second.target)} sends events of ${second.fromBus} on to ${second.toBus}, but ${second.fromBus} receives events from ` +
        `${arriving.length} other bus route(s) (${examples.join(', ')}${arriving.length > 2 ? ', ...' : ''}): EventBridge delivers an event across one bus-to-bus hop only, ${oneBusHopPage}`,
    });
  }
  return violations;
};
