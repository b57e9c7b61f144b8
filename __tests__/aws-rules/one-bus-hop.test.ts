import { oneBusHop } from './rules/one-bus-hop';
import { checkExample } from './rule-expectations';
import { exampleConfigFiles, exampleModel, findBody } from './terraform-model';

describe('AWS rule: no event route takes more than one bus-to-bus hop', () => {
  it.each(exampleConfigFiles)('%s holds it, but for the known violations (expected-violations.ts)', (configFile) => {
    const check = checkExample('one-bus-hop', oneBusHop, configFile);
    expect(check.reported).toEqual(check.expected);
    expect(check.findingsNotSaid).toEqual([]);
  });

  it("reports a rule of the home region's hub bus that sends members' events on to another region's hub bus", () => {
    const model = exampleModel('examples/organization.yaml', (stacks) => {
      const { body } = findBody(stacks, 'hub-us-east-1', 'aws_cloudwatch_event_target', (_, id) => id === 'sg-change-alert-members-target');
      body.arn = 'arn:aws:events:eu-west-1:111111111111:event-bus/guards-hub';
      body.role_arn = 'arn:aws:iam::111111111111:role/guards-hub-alarm-hop-us-east-1';
    });
    const violation = oneBusHop(model).find((candidate) => candidate.resource === 'hub-us-east-1/aws_cloudwatch_event_target.sg-change-alert-members-target');
    expect(violation?.message).toContain('arn:aws:events:us-east-1:111111111111:event-bus/guards-hub receives events from');
    expect(violation?.message).toContain('https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html');
  });

  it('finds no hop in a standalone example, and one once a rule forwards to a bus that forwards again', () => {
    expect(oneBusHop(exampleModel('examples/multi-account-standalone.yaml'))).toEqual([]);
    const model = exampleModel('examples/multi-account-standalone.yaml', (stacks) => {
      findBody(stacks, 'production-eu-west-1', 'aws_cloudwatch_event_target').body.arn = 'arn:aws:events:us-east-1:222222222222:event-bus/default';
      findBody(stacks, 'production-us-east-1', 'aws_cloudwatch_event_target').body.arn = 'arn:aws:events:us-east-1:111111111111:event-bus/central';
    });
    expect(oneBusHop(model).map((violation) => violation.resource)).toEqual([expect.stringMatching(/^production-us-east-1\/aws_cloudwatch_event_target\./)]);
  });
});
